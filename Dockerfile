# One image for the three hosts: WebApi (LearningService), Identity (AuthService) and Gateway.
#
#   docker build -t learning-platform .
#   docker run --rm -p 5080:8080 learning-platform WebApi     # default when no host is named
#   docker run --rm -p 5081:8080 learning-platform Identity
#   docker run --rm -p 5000:8080 learning-platform Gateway
#   docker run --rm learning-platform Gateway --Logging:LogLevel:Default=Debug   # extra args go to the host
#   docker run --rm -e ConnectionStrings__LearningDb=... -e ConnectionStrings__AuthDb=... learning-platform migrate
#     applies LearningDB's and AuthDB's pending migrations and exits (the Kubernetes Job in deploy/k8s, decision 14)
#
# Every host listens on http://+:8080 inside the container and is configured through environment
# variables (ConnectionStrings__LearningDb, Redis__Configuration, Auth__Issuer, ...): see docker-compose.yml.
# No HEALTHCHECK: the aspnet image has neither curl nor wget. Probe /health/live (and the WebApi's
# /health/ready) from the orchestrator instead.

# ---- admin app -----------------------------------------------------------------------------------
# The admin SPA (web/admin), built once here and served by the Gateway under /admin/ (AdminApp__Path below).
# `npm run build` also checks that the generated API types match the checked-in OpenAPI document.
FROM node:20-bookworm-slim AS admin
WORKDIR /web/admin
COPY web/admin/package.json web/admin/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/admin/ ./
RUN npm run build

# ---- build ---------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src

# Restore first, from the files that decide the package graph only, so this layer stays cached
# until a csproj or a central version changes. (The .sln is not copied: it also lists the test
# projects, and the hosts are restored one by one.)
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig dotnet-tools.json ./
COPY src/Domain/Domain.csproj                 src/Domain/
COPY src/Application/Application.csproj       src/Application/
COPY src/Infrastructure/Infrastructure.csproj src/Infrastructure/
COPY src/Hosting/Hosting.csproj               src/Hosting/
COPY src/WebApi/WebApi.csproj                 src/WebApi/
COPY src/Identity/Identity.csproj             src/Identity/
COPY src/Gateway/Gateway.csproj               src/Gateway/
RUN dotnet restore src/WebApi/WebApi.csproj \
 && dotnet restore src/Identity/Identity.csproj \
 && dotnet restore src/Gateway/Gateway.csproj

# The demo seed embeds the example question bank (docs/examples/question-bank.gift).
COPY docs/examples/ docs/examples/
COPY src/ src/
RUN for host in WebApi Identity Gateway; do \
      dotnet publish "src/$host/$host.csproj" -c Release --no-restore -o "/app/$host" /p:UseAppHost=false \
        || exit 1; \
    done
# EF Core migration bundles (one executable per database, framework-dependent): `migrate` runs them
# (deploy/entrypoint.sh); tests/Deployment.Tests builds them with the same script and runs them on a fresh PostgreSQL.
COPY scripts/migration-bundles.sh scripts/
RUN scripts/migration-bundles.sh /app/migrations --configuration Release

# ---- runtime -------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
# The aspnet image sets ASPNETCORE_HTTP_PORTS=8080; it is cleared so that ASPNETCORE_URLS alone
# decides the binding (and Kestrel does not warn that one overrides the other).
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
WORKDIR /app
# Owned by root and read-only for the app user: the hosts write nothing to their own folders.
COPY --from=build /app /app
# The Gateway serves it under /admin/; the object store's public origin goes in AdminApp__ConnectSources__0 (the
# app uploads lesson media straight to it), set where the deployment knows it.
COPY --from=admin /web/admin/dist /app/admin
ENV AdminApp__Path=/app/admin
# Host selector (and `migrate`); executable in the repository.
COPY deploy/entrypoint.sh /app/entrypoint.sh
# /keys: the Identity host's development signing keys (a volume in docker-compose.yml); created here so a
# fresh named volume inherits the app user's ownership.
RUN mkdir /keys && chown "$APP_UID" /keys
# The image's unprivileged "app" user (uid 1654).
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["WebApi"]
