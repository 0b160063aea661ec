# Bosun's image (docs/operations.md, "Running on Kubernetes"). The SDK stage publishes with eng/publish.sh, the same
# command the launcher (and so every test) uses; the runtime stage is the ASP.NET image, run as its non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN eng/publish.sh /app /tmp/artifacts

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged user (uid 1654); deploy/kubernetes runs it with a read-only root filesystem.
USER 1654:1654
ENV HOME=/tmp
# As the launcher sets it (docs/operations.md, "Memory"): a 4 MiB gen0 budget keeps the resident memory low.
ENV DOTNET_GCgen0size=0x400000
# As the launcher sets it (docs/operations.md, "Memory"): two glibc malloc arenas keep SQLite's freed memory from staying resident in many.
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080
ENTRYPOINT ["/app/bosun"]
CMD ["serve", "--listen", "0.0.0.0:8080", "--data", "/var/lib/bosun"]
