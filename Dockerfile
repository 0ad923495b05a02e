# patsnap-camel as a container.
#   docker build -t patsnap-camel .
#   docker run -d --name patsnap -p 9876:9876 \
#     -v "$PWD/inbox:/app/inbox" -v "$PWD/outbox:/app/outbox" -v patsnap-state:/app/data \
#     -e PATSNAP_CLIENT_ID=... -e PATSNAP_CLIENT_SECRET=... patsnap-camel
# Mount over /app/config or /app/routes to replace the settings or the routes.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q -DskipKaraf dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests -DskipKaraf

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 patsnap \
 && useradd --system --uid 10001 --gid patsnap --home-dir /app --shell /usr/sbin/nologin patsnap
WORKDIR /app
COPY --from=build /src/target/patsnap-camel.jar /app/patsnap-camel.jar
COPY config/ /app/config/
COPY routes/ /app/routes/
COPY src/main/docker/healthcheck.sh /app/healthcheck.sh
# /app/.camel: the cli connector's files (Camel JBang in the container reads them), the user's only
RUN mkdir -p /app/inbox /app/outbox /app/data /app/.camel && chown -R patsnap:patsnap /app/inbox /app/outbox /app/data /app/.camel \
 && chmod 700 /app/.camel
USER patsnap
VOLUME ["/app/inbox", "/app/outbox", "/app/data"]
# health and Prometheus metrics (management.port)
EXPOSE 9876
# container-aware heap: three quarters of the container's memory limit
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# healthy while the bundle is live (/observe/health/live answers UP; a stopped PatSnap account only makes it
# not ready), asked on management.port as the bundle reads it: a -D option in JAVA_TOOL_OPTIONS, else
# MANAGEMENT_PORT, else config/application.properties (see healthcheck.sh; no curl needed in the image)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "/app/healthcheck.sh", "/app/config/application.properties"]
ENTRYPOINT ["java", "-jar", "/app/patsnap-camel.jar"]
