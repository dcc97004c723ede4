using System.Net;
using System.Net.Http.Json;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;
using LearningRule = LearningPlatform.Domain.Learners.DisplayNameRule;
using TokenServerRule = LearningPlatform.Identity.Validation.DisplayNameRule;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>Display names at registration and in tokens (the <c>name</c> claim the leaderboards show).</summary>
public class DisplayNameTests(LoggingIdentityHostFactory identity) : IClassFixture<LoggingIdentityHostFactory>
{
    private const string Password = "correct horse battery";
    private const string FortyOne = "<41 characters>";
    private const string LoneSurrogate = "<lone surrogate>";

    [Theory]
    [InlineData(null)]                       // missing
    [InlineData("A")]                        // too short
    [InlineData("   A   ")]                  // too short once the spaces are dropped
    [InlineData(FortyOne)]                   // too long
    [InlineData("Red\u001b[31mName")]        // an ANSI escape
    [InlineData("Tab\tName")]
    [InlineData("Two\nLines")]
    [InlineData("Line\u2028Separator")]
    [InlineData("admin\u202Egnp.exe")]       // a right-to-left override
    [InlineData("ada@example.com")]          // looks like an e-mail address
    [InlineData("ada\uFF20example")]         // a full-width '@'
    public async Task A_display_name_that_breaks_the_rule_is_400_naming_displayName_and_creates_no_account(string? displayName)
    {
        var email = $"name-{Guid.NewGuid():N}@example.test";
        using var client = identity.Client();
        var mark = identity.Logs.Mark;

        var response = await client.PostAsJsonAsync("api/auth/register",
            new { email, password = Password, displayName = displayName == FortyOne ? new string('n', 41) : displayName });

        var problem = await response.ShouldBeProblemAsync(400, "validation.failed");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("displayName");
        problem.GetProperty("errors").GetProperty("displayName")[0].GetString().Should().NotBeNullOrEmpty();
        (await identity.Database.CountAsync($"select count(*) from users where email = '{email}'")).Should().Be(0);
        identity.Logs.Since(mark).Should().NotContain(e => e.Level >= LogLevel.Warning || e.Exception != null);
    }

    [Fact]
    public async Task The_access_token_carries_the_display_name_as_name_and_so_does_a_refreshed_one()
    {
        var tokens = await identity.NewLearnerAsync(displayName: "  Ada Lovelace  ");

        new JsonWebToken(tokens.AccessToken).GetClaim("name").Value.Should().Be("Ada Lovelace", "surrounding spaces are dropped");
        (await identity.Database.CountAsync($"select count(*) from users where id = '{tokens.Subject}' and display_name = 'Ada Lovelace'"))
            .Should().Be(1);
        using var client = identity.Client();
        var refreshed = await TokenSet.ReadAsync(await client.PostAsync("api/auth/connect/token", new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken!, ["client_id"] = "learning-mobile",
            })));
        new JsonWebToken(refreshed.AccessToken).GetClaim("name").Value.Should().Be("Ada Lovelace");
    }

    [Fact]
    public async Task An_account_without_a_display_name_gets_no_name_claim_not_its_address()
    {
        var email = $"unnamed-{Guid.NewGuid():N}@example.test";
        var registered = await identity.NewLearnerAsync(email, Password);
        await ExecuteAsync($"update users set display_name = null where id = '{registered.Subject}'"); // registered before names

        var tokens = await identity.PasswordTokenAsync(email, Password);

        var jwt = new JsonWebToken(tokens.AccessToken);
        jwt.Subject.Should().Be(registered.Subject);
        jwt.TryGetClaim("name", out _).Should().BeFalse();
        tokens.AccessToken.Should().NotContain(email);
    }

    [Fact]
    public async Task The_seeded_admin_account_is_named()
    {
        var admin = new JsonWebToken((await identity.AdminAsync()).AccessToken);

        admin.GetClaim("name").Value.Should().Be("Demo Admin");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("Jo")]
    [InlineData("  Ada  ")]
    [InlineData("Jürgen Müller")]
    [InlineData("李小龍")]
    [InlineData("🦊🦊")]
    [InlineData("می\u200cخواهم")]
    [InlineData(FortyOne)]
    [InlineData("Nul\u0000Name")]
    [InlineData("Tab\tName")]
    [InlineData("Trailing newline\n")]
    [InlineData("C1\u0085Name")]
    [InlineData("Line\u2029Separator")]
    [InlineData("Override\u202DName")]
    [InlineData("Isolate\u2069Name")]
    [InlineData("ada@example.com")]
    [InlineData("ada\uFE6Bexample")]
    [InlineData(LoneSurrogate)]
    public void The_token_server_and_the_learning_service_accept_the_same_names(string? name)
    {
        // An attribute's strings are stored as UTF-8, which cannot hold a lone surrogate: that one is made here.
        var sample = name switch
        {
            FortyOne => new string('n', 41),
            LoneSurrogate => "Lone" + '\uDC00' + "Surrogate",
            _ => name,
        };

        (TokenServerRule.Check(sample) is null).Should().Be(LearningRule.Problem(sample) is null);
        TokenServerRule.Normalize(sample).Should().Be(LearningRule.Normalize(sample));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(identity.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }
}
