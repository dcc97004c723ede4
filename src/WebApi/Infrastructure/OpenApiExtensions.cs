using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LearningPlatform.WebApi.Infrastructure;

public static class OpenApiExtensions
{
    public const string OAuthClientId = "learning-admin";

    /// <param name="publicBaseUrl">The gateway's address (the document's server).</param>
    /// <param name="issuer">The token server's public issuer, whose token endpoint Swagger UI's "Authorize" uses.</param>
    public static IServiceCollection AddLearningOpenApi(this IServiceCollection services, string publicBaseUrl, string issuer)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Learning Platform API",
                Version = "v1",
                Description = "Mobile (/api/learning/app, scope learning.app) and admin (/api/learning/admin) API. " +
                    "Errors are RFC 9457 ProblemDetails with a stable `code`. Request bodies take exactly the documented " +
                    "fields (an unknown field or a number sent as a string is 400 request.malformed); text fields refuse " +
                    "control characters (400 validation.failed).",
                Contact = new OpenApiContact { Name = "Learning Platform backend team", Url = new Uri("https://learning-platform.example/support") },
            });
            // Clients call through the gateway; Swagger UI served by the gateway or the WebApi uses its own origin.
            o.AddServer(new OpenApiServer { Url = publicBaseUrl.TrimEnd('/'), Description = "The gateway" });
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "Access token (audience learning-api).",
            });
            // "Authorize" in Swagger UI signs in like the admin SPA: authorization code + PKCE through the token
            // server's login page (redirect URI {gateway}/swagger/oauth2-redirect.html, registered for learning-admin).
            // The mobile scope comes only from the mobile app's password grant: paste such a token under "Bearer".
            var issuerBase = new Uri(issuer.EndsWith('/') ? issuer : issuer + "/");
            o.AddSecurityDefinition("OAuth2", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Sign in at the token server's login page (client learning-admin, authorization code + PKCE S256).",
                Flows = new OpenApiOAuthFlows
                {
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri(issuerBase, "connect/authorize"),
                        TokenUrl = new Uri(issuerBase, "connect/token"),
                        RefreshUrl = new Uri(issuerBase, "connect/token"),
                        Scopes = new Dictionary<string, string>
                        {
                            ["learning.admin"] = "The admin API (/api/learning/admin); only accounts in role admin get it.",
                        },
                    },
                },
            });
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", doc)] = [],
            });
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("OAuth2", doc)] = [],
            });
            o.OperationFilter<IdempotencyKeyOperationFilter>();
            o.OperationFilter<ServerErrorResponsesOperationFilter>();
            o.OperationFilter<PublicOperationFilter>();
        });
        return services;
    }

    /// <summary>Every operation can answer 500 <c>internal_error</c> and 503 <c>dependency.unavailable</c>: said once, here.</summary>
    private sealed class ServerErrorResponsesOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            operation.Responses ??= [];
            foreach (var (status, description) in new[]
                     {
                         ("500", "internal_error: an unexpected failure (logged with its exception)."),
                         ("503", "dependency.unavailable: a backing service (PostgreSQL, Redis, S3, a store's API) is away for now; nothing was changed. Retry after Retry-After seconds."),
                     })
            {
                operation.Responses.TryAdd(status, new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
                });
            }
        }
    }

    /// <summary>A public route (the stores' webhooks) takes no token: its operation says so over the document's default.</summary>
    private sealed class PublicOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }
        }
    }

    private sealed class IdempotencyKeyOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentMetadata>().Any())
            {
                return;
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyFilter.Header,
                In = ParameterLocation.Header,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyFilter.MaxKeyLength },
                Description = "A unique key per intended operation (e.g. a UUID), scoped to the caller. " +
                    "Kept for 24 hours: the same key and body replays the first response with `Idempotent-Replayed: true`; " +
                    "the same key with another body → 422; while the first request runs → 409.",
            });
        }
    }
}
