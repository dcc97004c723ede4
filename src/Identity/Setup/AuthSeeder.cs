using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearningPlatform.Identity.Setup;

/// <summary>
/// At start-up: builds OpenIddict's options (loading the keys), applies migrations when asked, then makes the clients,
/// scopes, roles and seed accounts match configuration. Idempotent, so every instance may run it.
/// </summary>
internal sealed class AuthSeeder(
    IServiceProvider services, IOptions<AuthServerOptions> options, IOptionsMonitor<OpenIddictServerOptions> server,
    IConfiguration configuration, TimeProvider clock, ILogger<AuthSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // OpenIddict builds its options (and loads the keys) when first asked: asked here, a missing or unreadable key
        // stops the start instead of failing the first token request.
        _ = server.CurrentValue;

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        if (configuration.GetValue<bool>("Database:MigrateOnStartup"))
        {
            logger.LogInformation("Applying AuthDB migrations");
            await provider.GetRequiredService<AuthDbContext>().Database.MigrateAsync(cancellationToken);
        }

        await SeedClientsAsync(provider.GetRequiredService<IOpenIddictApplicationManager>(), cancellationToken);
        await SeedScopesAsync(provider.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
        await SeedRolesAsync(provider.GetRequiredService<RoleManager<IdentityRole<Guid>>>());
        var users = provider.GetRequiredService<UserManager<AppUser>>();
        var seed = options.Value.Seed;
        await SeedUserAsync(users, seed.AdminEmail, seed.AdminPassword, seed.AdminDisplayName, AuthRoles.Admin);
        await SeedUserAsync(users, seed.LearnerEmail, seed.LearnerPassword, seed.LearnerDisplayName, AuthRoles.Learner);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedClientsAsync(IOpenIddictApplicationManager manager, CancellationToken cancellationToken)
    {
        foreach (var client in options.Value.Clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                DisplayName = client.DisplayName,
                ClientType = string.IsNullOrEmpty(client.ClientSecret) ? ClientTypes.Public : ClientTypes.Confidential,
            };
            if (client.Grants.Count > 0)
            {
                descriptor.Permissions.Add(Permissions.Endpoints.Token);
                descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
            }

            foreach (var grant in client.Grants)
            {
                descriptor.Permissions.Add(Permissions.Prefixes.GrantType + grant);
            }

            foreach (var scope in client.Scopes)
            {
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
            }

            if (client.Introspection)
            {
                descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
            }

            if (client.UsesCodeFlow)
            {
                AddCodeFlow(descriptor, client, new Uri(options.Value.Issuer));
            }

            var existing = await manager.FindByClientIdAsync(client.ClientId, cancellationToken);
            if (existing is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
                logger.LogInformation("Created client {ClientId}", client.ClientId);
            }
            else
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A browser client: the authorization endpoint with response type <c>code</c> and PKCE required, consent implied
    /// (first-party: no consent screen), its redirect URIs, and the end-session endpoint with its post-logout URIs.
    /// </summary>
    private static void AddCodeFlow(OpenIddictApplicationDescriptor descriptor, ClientOptions client, Uri issuer)
    {
        descriptor.ConsentType = ConsentTypes.Implicit;
        descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
        descriptor.Permissions.Add(Permissions.Endpoints.EndSession);
        descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        foreach (var uri in client.RedirectUris)
        {
            descriptor.RedirectUris.Add(ClientOptions.Resolve(uri, issuer)!); // checked at start
        }

        foreach (var uri in client.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(ClientOptions.Resolve(uri, issuer)!);
        }
    }

    private async Task SeedScopesAsync(IOpenIddictScopeManager manager, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { AuthScopes.App, AuthScopes.Admin, AuthScopes.Jobs })
        {
            if (await manager.FindByNameAsync(name, cancellationToken) is null)
            {
                await manager.CreateAsync(
                    new OpenIddictScopeDescriptor { Name = name, Resources = { options.Value.Audience } }, cancellationToken);
            }
        }
    }

    private static async Task SeedRolesAsync(RoleManager<IdentityRole<Guid>> roles)
    {
        foreach (var role in new[] { AuthRoles.Learner, AuthRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role));
            }
        }
    }

    private async Task SeedUserAsync(UserManager<AppUser> users, string? email, string? password, string displayName, string role)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            return;
        }

        if (await users.FindByEmailAsync(email) is { } existing)
        {
            // Seeded before accounts had display names: named now, so its tokens carry one.
            if (existing.DisplayName is null)
            {
                existing.DisplayName = displayName;
                await users.UpdateAsync(existing);
            }

            return;
        }

        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = DisplayNameRule.Normalize(displayName), CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {email} failed: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        logger.LogInformation("Seeded {Role} account {Email} ({UserId})", role, email, user.Id);
    }
}
