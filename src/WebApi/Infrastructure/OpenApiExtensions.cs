using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LearningPlatform.WebApi.Infrastructure;

public static class OpenApiExtensions
{
    public static IServiceCollection AddLearningOpenApi(this IServiceCollection services, string publicBaseUrl)
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
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", doc)] = [],
            });
            o.OperationFilter<IdempotencyKeyOperationFilter>();
        });
        return services;
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
