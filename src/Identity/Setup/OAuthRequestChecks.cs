using LearningPlatform.Hosting;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace LearningPlatform.Identity.Setup;

/// <summary>
/// The text rule on the OAuth endpoints that read parameters (token, authorization, end-session, revocation,
/// introspection), enforced inside
/// OpenIddict so a refusal is OpenIddict's own <c>invalid_request</c> answer:
/// <list type="bullet">
/// <item>ASP.NET Core's form reader throws on <c>%00</c> (and on too many or too long values) inside OpenIddict's own
/// extraction, which used to surface as a 500: <see cref="RefuseUnreadableForm{TContext}"/> reads the form first.</item>
/// <item>Every parameter, from the form, the query or the Basic authorization header, is checked for control
/// characters before OpenIddict's first validation handler, i.e. before any lookup (scopes, clients, tokens, users).</item>
/// </list>
/// </summary>
internal static class OAuthRequestChecks
{
    /// <summary>Before every built-in validation handler of OpenIddict (they start at <c>int.MinValue + 100_000</c>).</summary>
    private const int BeforeValidation = int.MinValue + 50_000;

    public static OpenIddictServerBuilder AddRequestChecks(this OpenIddictServerBuilder server)
    {
        Add<ExtractTokenRequestContext, ValidateTokenRequestContext>(server);
        Add<ExtractAuthorizationRequestContext, ValidateAuthorizationRequestContext>(server);
        Add<ExtractEndSessionRequestContext, ValidateEndSessionRequestContext>(server);
        Add<ExtractRevocationRequestContext, ValidateRevocationRequestContext>(server);
        Add<ExtractIntrospectionRequestContext, ValidateIntrospectionRequestContext>(server);
        return server;
    }

    private static void Add<TExtract, TValidate>(OpenIddictServerBuilder server)
        where TExtract : BaseValidatingContext
        where TValidate : BaseValidatingContext
    {
        server.AddEventHandler(OpenIddictServerHandlerDescriptor.CreateBuilder<TExtract>()
            .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
            .UseSingletonHandler<RefuseUnreadableForm<TExtract>>()
            // Before OpenIddict reads the form (GET-or-POST for introspection, POST for the others).
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractGetOrPostRequest<TExtract>.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build());

        server.AddEventHandler(OpenIddictServerHandlerDescriptor.CreateBuilder<TValidate>()
            .UseSingletonHandler<RefuseControlCharacters<TValidate>>()
            .SetOrder(BeforeValidation)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build());
    }

    internal sealed class RefuseUnreadableForm<TContext>(ILogger<RefuseUnreadableForm<TContext>> logger)
        : IOpenIddictServerHandler<TContext>
        where TContext : BaseValidatingContext
    {
        public async ValueTask HandleAsync(TContext context)
        {
            var request = context.Transaction.GetHttpRequest()
                ?? throw new InvalidOperationException("An OpenIddict request without an ASP.NET Core request.");
            if (!HttpMethods.IsPost(request.Method) ||
                request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            {
                return; // OpenIddict refuses these itself
            }

            try
            {
                // Buffered by ASP.NET Core: OpenIddict's extraction reads the same form again without parsing it twice.
                await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (InvalidDataException e)
            {
                logger.LogInformation("OAuth request {Path} refused: invalid_request (unreadable form: {Reason})", request.Path, e.Message);
                context.Reject(Errors.InvalidRequest,
                    "The request body cannot be read as a form: it holds a NUL character, or too many or too long values.");
            }
        }
    }

    internal sealed class RefuseControlCharacters<TContext>(ILogger<RefuseControlCharacters<TContext>> logger)
        : IOpenIddictServerHandler<TContext>
        where TContext : BaseValidatingContext
    {
        public ValueTask HandleAsync(TContext context)
        {
            var parameters = context.Transaction.Request?.GetParameters() ?? new Dictionary<string, OpenIddictParameter>();
            foreach (var (name, value) in parameters)
            {
                if (!TextInput.HasControlCharacter(name) && !((StringValues)value).Any(v => v is not null && TextInput.HasControlCharacter(v)))
                {
                    continue;
                }

                // Only a plain parameter name is repeated (error_description allows no quote or backslash, logs no controls).
                var plain = name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
                logger.LogInformation("OAuth request {Path} refused: invalid_request (control character in {Parameter})",
                    context.Transaction.GetHttpRequest()?.Path, plain ? name : "a parameter name");
                context.Reject(Errors.InvalidRequest,
                    $"{(plain ? $"The '{name}' parameter" : "A parameter")} contains a control character, which no OAuth parameter may hold.");
                break;
            }

            return ValueTask.CompletedTask;
        }
    }
}
