# Build: the jar is made from source inside the image, so a fresh checkout is all you need.
FROM maven:3.9-eclipse-temurin-17 AS build
# npm brings the chat page's browser clients into the build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml package.json package-lock.json ./
RUN mvn -B -q dependency:go-offline
COPY conf conf
COPY webroot webroot
COPY src src
RUN mvn -B -q -DskipTests package

# Run: a JRE 17 image with the fat jar only.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/multinode.jar /app/multinode.jar
# HTTP, Hazelcast membership; the event bus port is chosen at start unless -cluster-port fixes it
EXPOSE 4000 5701
ENTRYPOINT ["java", "-jar", "/app/multinode.jar"]
CMD ["-cluster"]
