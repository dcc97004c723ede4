using System.Collections;
using System.Reflection;
using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LearningPlatform.WebApi.Infrastructure;

/// <summary>
/// The one validation path, applied to whole route groups so that no endpoint can forget it: every argument bound from
/// the route, the query or the body is checked against the text rule (<see cref="TextInput"/>), and by its
/// FluentValidation validator where one is registered for its type. Either failing answers 400 <c>validation.failed</c>
/// with the fields' errors, before the handler runs. What to check is worked out once per endpoint, at start-up.
/// </summary>
public static class RequestValidation
{
    /// <summary>Nested request types are read this deep; deeper text is not expected in a request.</summary>
    private const int MaxDepth = 4;

    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    /// <summary>For an endpoint whose validation answers 400 with field errors (OpenAPI metadata only).</summary>
    public static RouteHandlerBuilder WithValidation(this RouteHandlerBuilder builder) => builder.ProducesValidationProblem();

    private sealed record ArgumentCheck(int Index, string Name, Type? Validator, IReadOnlyList<TextField> Texts);

    private sealed record TextField(string Name, Func<object, IEnumerable<string?>> Values, bool Multiline);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var isService = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var checks = new List<ArgumentCheck>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var type = parameter.ParameterType;
            if (type == typeof(HttpContext) || type == typeof(CancellationToken) || isService.IsService(type)
                || parameter.GetCustomAttribute<FromHeaderAttribute>() is not null
                || parameter.GetCustomAttribute<FromServicesAttribute>() is not null)
            {
                // Headers are checked by Kestrel and by their own rules (Idempotency-Key, X-Attempt-Token).
                continue;
            }

            var validator = typeof(IValidator<>).MakeGenericType(type);
            var texts = TextFields(type, parameter.Name ?? "value", parameter.GetCustomAttribute<MultilineAttribute>() is not null, 0);
            if (isService.IsService(validator) || texts.Count > 0)
            {
                checks.Add(new ArgumentCheck(i, parameter.Name ?? "value", isService.IsService(validator) ? validator : null, texts));
            }
        }

        if (checks.Count == 0)
        {
            return next;
        }

        return async invocation =>
        {
            // Allocated at the first error only: most requests are valid.
            Dictionary<string, List<string>>? errors = null;
            foreach (var check in checks)
            {
                if (invocation.Arguments[check.Index] is not { } argument)
                {
                    continue;
                }

                foreach (var field in check.Texts)
                {
                    foreach (var value in field.Values(argument))
                    {
                        if (TextInput.Problem(value, field.Multiline) is { } problem)
                        {
                            Add(errors ??= [], field.Name, problem);
                            break;
                        }
                    }
                }

                if (check.Validator is not null && errors is null)
                {
                    var validator = (IValidator)invocation.HttpContext.RequestServices.GetRequiredService(check.Validator);
                    var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                    foreach (var error in result.Errors)
                    {
                        Add(errors ??= [], JsonName(error.PropertyName), error.ErrorMessage);
                    }
                }
            }

            if (errors is null)
            {
                return await next(invocation);
            }

            return TypedResults.ValidationProblem(
                errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), detail: "One or more fields are invalid.", title: "validation.failed",
                extensions: new Dictionary<string, object?> { ["code"] = "validation.failed" });
        };
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Where text can hide in a bound argument: itself, its string properties, and those of the request types it holds.</summary>
    private static List<TextField> TextFields(Type type, string name, bool multiline, int depth)
    {
        if (type == typeof(string))
        {
            return [new TextField(name, value => [(string)value], multiline)];
        }

        if (depth >= MaxDepth || type.Namespace?.StartsWith("LearningPlatform", StringComparison.Ordinal) != true || type.IsEnum)
        {
            return [];
        }

        var fields = new List<TextField>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var field = string.IsNullOrEmpty(name) || depth == 0 ? JsonName(property.Name) : $"{name}.{JsonName(property.Name)}";
            var lines = property.GetCustomAttribute<MultilineAttribute>() is not null;
            var element = ElementType(property.PropertyType);
            if (element is null)
            {
                foreach (var inner in TextFields(property.PropertyType, field, lines, depth + 1))
                {
                    fields.Add(inner with { Values = owner => property.GetValue(owner) is { } value ? inner.Values(value) : [] });
                }
            }
            else
            {
                foreach (var inner in TextFields(element, field, lines, depth + 1))
                {
                    fields.Add(inner with
                    {
                        Values = owner => property.GetValue(owner) is IEnumerable items
                            ? items.Cast<object?>().Where(item => item is not null).SelectMany(item => inner.Values(item!))
                            : [],
                    });
                }
            }
        }

        return fields;
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string JsonName(string property) =>
        string.IsNullOrEmpty(property) ? property : char.ToLowerInvariant(property[0]) + property[1..];
}
