FROM maven:3.9-eclipse-temurin-21
WORKDIR /build
COPY pom.xml .
RUN mvn -q dependency:go-offline
COPY src ./src
ARG CI_COMMIT_SHA
RUN mvn -q package -Drevision=${CI_COMMIT_SHA}
