#!/usr/bin/env bash
# Makes the image that the Dockerfile can build and run on where no image registry is reachable: Debian
# bookworm from Debian's own mirror (debootstrap), with OpenJDK 17, Maven, npm and curl, imported as
# multinode-base:bookworm. The certificate authorities this machine adds to Debian's
# (/usr/local/share/ca-certificates, e.g. a TLS-inspecting proxy's) are trusted inside it too, by curl and
# by Java, so that Maven in the build reaches Central as this machine does. Needs root, debootstrap and a
# running Docker engine; about a minute with a near mirror.
#   deploy/docker/debian-base.sh            # makes it unless the engine has it already
#   docker build --network host --build-arg BUILD_IMAGE=multinode-base:bookworm \
#     --build-arg RUN_IMAGE=multinode-base:bookworm -t multinode:latest .
set -euo pipefail
image=${MULTINODE_BASE_IMAGE:-multinode-base:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image: already made"
  exit 0
fi
root=$(mktemp -d /var/tmp/multinode-base.XXXXXX)
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
mkdir -p "$root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
# the JDK's post-install scripts read /proc
mount -t proc proc "$root/proc"
chroot "$root" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  openjdk-17-jdk-headless maven npm curl ca-certificates >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*'
umount "$root/proc"
tar -C "$root" -c . | docker import --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
echo "$image: made from $mirror"
