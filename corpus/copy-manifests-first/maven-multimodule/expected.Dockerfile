FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
COPY pom.xml .
COPY core/pom.xml ./core/
COPY api/pom.xml ./api/
RUN mvn -B -ntp dependency:go-offline
COPY . .
RUN mvn -B -ntp -DskipTests package
