# Build: the jar is made from source inside the image, so a fresh checkout is all you need.
# The base images are arguments: the official ones by default; behind a registry mirror, name its copies;
# with no registry at all, deploy/docker/debian-base.sh makes one image from Debian's packages for both
# (docs/operations.md, "Docker"). BUILD_IMAGE needs JDK 17 and Maven (and npm, or apt-get to install it);
# RUN_IMAGE needs a Java 17 runtime and bash.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUN_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
# npm brings the chat page's browser clients into the build
RUN command -v npm >/dev/null || (apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm \
  && rm -rf /var/lib/apt/lists/*)
WORKDIR /src
COPY pom.xml package.json package-lock.json ./
RUN mvn -B -q dependency:go-offline
COPY conf conf
COPY webroot webroot
COPY dashboard dashboard
COPY src src
RUN mvn -B -q -DskipTests package

# Run: a Java 17 runtime with the fat jar, as a user of its own (uid 10001), never root.
FROM ${RUN_IMAGE}
RUN groupadd --system --gid 10001 multinode \
  && useradd --system --uid 10001 --gid multinode --home-dir /app --no-create-home --shell /usr/sbin/nologin multinode
WORKDIR /app
COPY --from=build /src/target/multinode.jar /app/multinode.jar
COPY deploy/docker/ready /app/ready
# A class-data-sharing archive of the classes a start loads, made by this image's own JVM from one start
# (a node of its own on the build's loopback, running one console command): a node then starts in about
# half the time, since those classes are mapped from the archive rather than read from the jar and
# verified (docs/scale.md, "Start")
RUN MULTINODE_NODE_NAME=archive@build MULTINODE_COOKIE=multinode-build-archive MULTINODE_HTTP_PORT=0 \
    MULTINODE_DISCOVERY=static MULTINODE_MEMBERS=127.0.0.1 MULTINODE_CLUSTER_HOST=127.0.0.1 \
    java -XX:ArchiveClassesAtExit=/app/multinode.jsa -jar /app/multinode.jar -cluster --eval nodes >/dev/null \
  && chmod 444 /app/multinode.jsa
USER multinode
# HTTP (the chat page), the TCP bridge (http.port + 3000), Hazelcast membership; the operator API
# (http.port + 1000) listens on the container's loopback; the event bus port is chosen at start
EXPOSE 4000 7000 5701
# healthy while /ready answers 200: the node is in its cluster and every store and adapter it uses answers
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/app/ready"]
# java is the container's first process: docker stop's SIGTERM makes the node leave its cluster and exit 0.
# The archive above; no hsperfdata counters (nothing here reads them with jstat, and sampling them wakes the
# JVM 20 times a second); compiled code kept once compiled (Java 17's code-cache sweeper otherwise throws
# away code not run for a while, such as what a timer runs every few seconds, and the JIT compiles it again:
# docs/scale.md, "The JIT")
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/multinode.jsa", "-XX:-UsePerfData", "-XX:-UseCodeCacheFlushing", \
  "-jar", "/app/multinode.jar"]
CMD ["-cluster"]
