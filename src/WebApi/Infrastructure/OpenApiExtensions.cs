using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LearningPlatform.WebApi.Infrastructure;

public static class OpenApiExtensions
{
    public static IServiceCollection AddLearningOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Learning Platform API",
                Version = "v1",
                Description = "Mobile (/api/learning/app, scope learning.app) and admin (/api/learning/admin) API. " +
                    "Errors are RFC 9457 ProblemDetails with a stable `code`.",
            });
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
