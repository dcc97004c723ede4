using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace LearningPlatform.Identity.Setup;

/// <summary>
/// OpenIddict's error answers keep OAuth's shape (<c>error</c>, <c>error_description</c>, <c>error_uri</c>), which OAuth
/// clients parse; like every other error of the platform they also carry a stable <c>code</c>: <c>oauth.</c> and the
/// OAuth error (<c>oauth.invalid_grant</c>, <c>oauth.invalid_request</c>, ...). Clients ignore members they do not know
/// (RFC 6749 section 5.2 lists the required ones, not a closed set).
/// </summary>
internal static class OAuthErrorCodes
{
    public const string Prefix = "oauth.";

    public static OpenIddictServerBuilder AddErrorCodes(this OpenIddictServerBuilder server)
    {
        Add<ApplyTokenResponseContext>(server);
        Add<ApplyRevocationResponseContext>(server);
        Add<ApplyIntrospectionResponseContext>(server);
        Add<ApplyConfigurationResponseContext>(server);
        Add<ApplyJsonWebKeySetResponseContext>(server);
        return server;
    }

    private static void Add<TContext>(OpenIddictServerBuilder server) where TContext : BaseRequestContext =>
        server.AddEventHandler(OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<AttachCode<TContext>>()
            // After the status code is chosen, before OpenIddict writes the JSON body (its ProcessJsonResponse).
            .SetOrder(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<TContext>.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build());

    internal sealed class AttachCode<TContext> : IOpenIddictServerHandler<TContext> where TContext : BaseRequestContext
    {
        public ValueTask HandleAsync(TContext context)
        {
            var response = context.Transaction.Response;
            if (response is not null && !string.IsNullOrEmpty(response.Error) && response["code"] is null)
            {
                response["code"] = Prefix + response.Error;
            }

            return ValueTask.CompletedTask;
        }
    }
}
