# Runs the service jar built by `./mvnw -B package -DskipTests` (bootstrap/target/meter-sync.jar).
# Configure it with METERSYNC_* environment variables or a mounted /config/meter-sync.properties;
# point METERSYNC_DATABASE_URL at a real PostgreSQL in production.
FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/meter-sync --create-home meter-sync
WORKDIR /var/lib/meter-sync
COPY bootstrap/target/meter-sync.jar /opt/meter-sync/meter-sync.jar
USER meter-sync
EXPOSE 8080
# Exec form, so SIGTERM from `docker stop` reaches the JVM and the service stops gracefully.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/meter-sync/meter-sync.jar"]
CMD ["run"]
