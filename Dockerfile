# Build:  docker build -t patsnap-camel .
# Run:    docker run --rm -v "$PWD/inbox:/app/inbox" -v "$PWD/outbox:/app/outbox" -v patsnap-state:/app/data \
#           -e PATSNAP_CLIENT_ID=... -e PATSNAP_CLIENT_SECRET=... patsnap-camel
# config/ and routes/ can be replaced by mounting over /app/config and /app/routes.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 patsnap \
 && useradd --system --uid 10001 --gid patsnap --home-dir /app --shell /usr/sbin/nologin patsnap
WORKDIR /app
COPY --from=build /src/target/patsnap-camel.jar /app/patsnap-camel.jar
COPY config/ /app/config/
COPY routes/ /app/routes/
RUN mkdir -p /app/inbox /app/outbox /app/data && chown -R patsnap:patsnap /app/inbox /app/outbox /app/data
USER patsnap
VOLUME ["/app/inbox", "/app/outbox", "/app/data"]
# container-aware heap: three quarters of the container's memory limit
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/patsnap-camel.jar"]
