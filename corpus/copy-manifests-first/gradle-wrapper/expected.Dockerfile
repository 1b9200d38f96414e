FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace
COPY settings.gradle.kts build.gradle.kts gradle.properties gradlew ./
COPY gradle ./gradle/
COPY app/build.gradle.kts ./app/
RUN ./gradlew dependencies --no-daemon
COPY . .
RUN ./gradlew :app:bootJar --no-daemon
