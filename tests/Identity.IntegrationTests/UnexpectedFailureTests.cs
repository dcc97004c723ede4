using System.Net.Http.Json;
using LearningPlatform.Identity.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>A bug (here: a password hasher that throws) is a 500 with a code, logged once with its stack trace.</summary>
public class UnexpectedFailureTests(UnexpectedFailureTests.BreakableIdentity identity) : IClassFixture<UnexpectedFailureTests.BreakableIdentity>
{
    [Fact]
    public async Task An_unexpected_exception_in_register_is_500_internal_error_logged_once()
    {
        using var client = identity.Client();
        var mark = identity.Logs.Mark;
        identity.Breaker.Armed = true;
        try
        {
            var response = await client.PostAsJsonAsync("api/auth/register",
                new { email = $"boom-{Guid.NewGuid():N}@example.test", password = "correct horse battery", displayName = "Boom" });

            await response.ShouldBeProblemAsync(500, "internal_error");
        }
        finally
        {
            identity.Breaker.Armed = false;
        }

        identity.Logs.Since(mark).Where(e => e.Level >= LogLevel.Warning).Should().ContainSingle()
            .Which.Exception.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be(Breaker.Message);
    }

    [Fact]
    public async Task An_unexpected_exception_in_the_token_endpoint_is_500_server_error_in_the_oauth_shape()
    {
        using var client = identity.Client();
        var mark = identity.Logs.Mark;
        identity.Breaker.Armed = true;
        try
        {
            var response = await client.PostAsync("api/auth/connect/token", Http.Form(
                ("grant_type", "password"), ("client_id", "learning-mobile"), ("username", TestSupport.IdentityHostFactory.AdminEmail),
                ("password", TestSupport.IdentityHostFactory.AdminPassword), ("scope", "learning.app")));

            await response.ShouldBeOAuthErrorAsync(500, "server_error", "internal_error");
        }
        finally
        {
            identity.Breaker.Armed = false;
        }

        identity.Logs.Since(mark).Where(e => e.Level >= LogLevel.Warning).Should().ContainSingle()
            .Which.Level.Should().Be(LogLevel.Error);
        (await identity.AdminAsync()).AccessToken.Should().NotBeNullOrEmpty("the server works again once the fault is gone");
    }

    public sealed class BreakableIdentity : LoggingIdentityHostFactory
    {
        public Breaker Breaker { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Breaker);
                services.AddScoped<IPasswordHasher<AppUser>, BreakableHasher>();
            });
        }
    }

    public sealed class Breaker
    {
        public const string Message = "A fault injected by the test.";

        public volatile bool Armed;
    }

    private sealed class BreakableHasher(Breaker breaker) : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _real = new();

        public string HashPassword(AppUser user, string password) =>
            breaker.Armed ? throw new InvalidOperationException(Breaker.Message) : _real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword) =>
            breaker.Armed ? throw new InvalidOperationException(Breaker.Message) : _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
