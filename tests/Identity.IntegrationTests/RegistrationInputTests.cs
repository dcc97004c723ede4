using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>Sign-up input through the real host: refused with field errors, before anything reaches AuthDB.</summary>
public class RegistrationInputTests(LoggingIdentityHostFactory identity) : IClassFixture<LoggingIdentityHostFactory>
{
    private const string Password = "correct horse battery";

    [Theory]
    [InlineData("email")]
    [InlineData("password")]
    [InlineData("displayName")]
    public async Task A_NUL_in_any_field_is_400_validation_failed_naming_that_field(string field)
    {
        var email = $"nul-{Guid.NewGuid():N}@example.test";
        var body = new Dictionary<string, string>
        {
            ["email"] = field == "email" ? "a\u0000" + email : email,
            ["password"] = field == "password" ? "correct\u0000horse battery" : Password,
            ["displayName"] = field == "displayName" ? "Nul\u0000Name" : "Name",
        };
        using var client = identity.Client();
        var mark = identity.Logs.Mark;

        var response = await client.PostAsJsonAsync("api/auth/register", body);

        var problem = await response.ShouldBeProblemAsync(400, "validation.failed");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal(field);
        (await CountUsersAsync(email)).Should().Be(0);
        identity.Logs.Since(mark).Should().NotContain(e => e.Level >= LogLevel.Warning || e.Exception != null);
    }

    [Theory]
    [InlineData("red\u001b[31m{0}")]                          // an ANSI escape
    [InlineData("admin\u202egnp.{0}")]                         // a right-to-left override
    [InlineData("zero\u200bwidth{0}")]                         // a zero-width space
    [InlineData("<script>alert(1)</script>{0}")]
    [InlineData("quo\"ted{0}")]
    public async Task Addresses_with_escapes_bidi_overrides_or_markup_are_refused(string template)
    {
        var tail = $"-{Guid.NewGuid():N}@example.test";
        var email = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, tail);
        using var client = identity.Client();

        var response = await client.PostAsJsonAsync("api/auth/register", new { email, password = Password, displayName = "Jürgen" });

        var problem = await response.ShouldBeProblemAsync(400, "validation.failed");
        problem.GetProperty("errors").GetProperty("email").GetArrayLength().Should().BeGreaterThan(0);
        (await CountUsersAsync(email)).Should().Be(0);
    }

    [Fact]
    public async Task An_address_longer_than_254_characters_is_refused()
    {
        var email = new string('a', 60) + "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".test";
        email.Length.Should().BeGreaterThan(254);
        using var client = identity.Client();

        var response = await client.PostAsJsonAsync("api/auth/register", new { email, password = Password, displayName = "Jürgen" });

        (await response.ShouldBeProblemAsync(400, "validation.failed")).GetProperty("errors").GetProperty("email")[0].GetString()
            .Should().Contain("254");
    }

    [Fact]
    public async Task An_internationalised_address_registers_once_with_the_learner_role_and_signs_in()
    {
        var email = $"jürgen-{Guid.NewGuid():N}@münchen.test";
        using var client = identity.Client();

        var first = await client.PostAsJsonAsync("api/auth/register", new { email = " " + email + " ", password = Password, displayName = "Jürgen" });
        var again = await client.PostAsJsonAsync("api/auth/register", new { email, password = Password, displayName = "Jürgen" });

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await CountUsersAsync(email)).Should().Be(1);
        (await identity.Database.CountAsync(
            $"select count(*) from user_roles ur join users u on u.id = ur.user_id join roles r on r.id = ur.role_id " +
            $"where u.normalized_email = '{email.ToUpperInvariant()}' and r.name = 'learner'")).Should().Be(1);
        var tokens = await identity.PasswordTokenAsync(email, Password);
        tokens.AccessToken.Should().NotBeNullOrEmpty();
    }

    private Task<long> CountUsersAsync(string email) =>
        identity.Database.CountAsync($"select count(*) from users where email = '{email.Replace("'", "''").Replace("\u0000", "")}'");
}
