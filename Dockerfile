# One image recipe for the three services: docker build --build-arg SERVICE=query-service .
# docker-compose.yml builds each service from it.

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
# the whole reactor: the root pom lists every module, -pl/-am then builds only what SERVICE needs
COPY . .
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<command-service|query-service|validator-service>" >&2; exit 1; }
RUN ./mvnw -B -q -pl "$SERVICE" -am package -DskipTests \
    && cp "$SERVICE/target/$SERVICE.jar" /app.jar

FROM eclipse-temurin:17-jre
ARG SERVICE
LABEL org.opencontainers.image.title="keyledger $SERVICE" \
      org.opencontainers.image.source="https://github.com/keyledger/keyledger"
# curl for the compose healthchecks on /actuator/health/readiness
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin keyledger \
    && mkdir -p /app /data \
    && chown keyledger /data
COPY --from=build /app.jar /app/app.jar
USER keyledger
WORKDIR /app
ENV KEYLEDGER_DATA_DIR=/data \
    AXONIQ_UPDATE_CHECKER_DISABLED=true \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
VOLUME /data
# exec: the JVM is PID 1 and gets SIGTERM from docker stop (graceful shutdown)
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]
