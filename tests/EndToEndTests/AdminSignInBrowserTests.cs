using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.Identity.Data;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// The admin sign-in in a real browser (Debian's Chromium, driven by Playwright from <c>tests/Browser</c>), through the
/// gateway whose URL is the token server's public issuer.
/// </summary>
public class AdminSignInBrowserTests(PublicIssuerPlatform platform) : IClassFixture<PublicIssuerPlatform>
{
    [Fact]
    public async Task In_chromium_an_admin_signs_in_through_the_gateway_while_a_learner_and_a_wrong_password_cannot()
    {
        const string learnerPassword = "a browser learner password";
        var learnerEmail = $"browser-{Guid.NewGuid():N}@test.local";
        using var http = new HttpClient { BaseAddress = platform.GatewayAddress };
        (await http.PostAsJsonAsync("api/auth/register", new { email = learnerEmail, password = learnerPassword, displayName = "Browser Learner" }))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);

        var started = DateTime.UtcNow.AddSeconds(-1);
        var run = await BrowserRun.RunAsync("specs/sign-in.spec.ts", new Dictionary<string, string>
        {
            ["LP_BASE_URL"] = platform.GatewayAddress.ToString(),
            ["LP_ADMIN_EMAIL"] = IdentityHostFactory.AdminEmail,
            ["LP_ADMIN_PASSWORD"] = IdentityHostFactory.AdminPassword,
            ["LP_LEARNER_EMAIL"] = learnerEmail,
            ["LP_LEARNER_PASSWORD"] = learnerPassword,
        });

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("3 passed", run.Output);

        // The code the browser was given is good at the token endpoint (with the spec's PKCE verifier) for admin tokens
        // that the gateway and the LearningService accept on an admin route.
        var handed = JsonDocument.Parse(run.Result("admin-code")).RootElement;
        var redeemed = await http.PostAsync("api/auth/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = handed.GetProperty("code").GetString()!,
            ["code_verifier"] = handed.GetProperty("verifier").GetString()!,
            ["redirect_uri"] = handed.GetProperty("redirectUri").GetString()!,
            ["client_id"] = "learning-admin",
        }));
        var tokens = await TokenSet.ReadAsync(redeemed);
        new JsonWebToken(tokens.AccessToken).GetClaim("role").Value.Should().Be("admin");
        var jobs = new HttpRequestMessage(HttpMethod.Get, "api/learning/admin/jobs");
        jobs.Headers.Authorization = new("Bearer", tokens.AccessToken);
        (await http.SendAsync(jobs)).StatusCode.Should().Be(HttpStatusCode.OK);

        // The learner got nothing from the admin client, and the wrong password counted against the account.
        await using var scope = platform.Identity.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var learner = (await users.FindByEmailAsync(learnerEmail))!;
        var issued = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindBySubjectAsync(learner.Id.ToString());
        (await issued.ToListAsync()).Should().BeEmpty("no code or token was issued to the learner");
        learner.AccessFailedCount.Should().Be(1, "the right password (refused as not an admin) reset it, the wrong one counted");

        Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "artifacts", "screenshots"), "sign-in-*.png")
            .Where(f => File.GetLastWriteTimeUtc(f) >= started).Select(Path.GetFileName)
            .Should().Contain(["sign-in-page.png", "sign-in-admin-callback.png", "sign-in-learner-refused.png", "sign-in-wrong-password.png"]);
    }

    [Fact]
    public async Task The_token_script_signs_the_admin_in_with_the_code_flow_through_the_gateway()
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["LP_TOKEN_EMAIL"] = IdentityHostFactory.AdminEmail,
                ["LP_TOKEN_PASSWORD"] = IdentityHostFactory.AdminPassword,
            },
        };
        foreach (var argument in new[] { Path.Combine(TestEnvironment.RepositoryRoot(), "scripts", "token.sh"), "admin", platform.GatewayAddress.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, await stderr);
        var token = new JsonWebToken((await stdout).Trim());
        token.GetClaim("role").Value.Should().Be("admin");
        token.GetClaim("scope").Value.Split(' ').Should().Contain("learning.admin");
        token.Issuer.Should().Be(platform.PublicIssuer);
    }
}
