using System.Net;
using System.Text.RegularExpressions;
using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Setup;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>The admin SPA's sign-in: authorization code + PKCE through the server-rendered login page.</summary>
public partial class CodeFlowTests(IdentityHostFactory identity) : IClassFixture<IdentityHostFactory>
{
    private const string LearnerPassword = "a learner password";
    private const string InvalidCredentials = "The e-mail address or password is incorrect.";
    private const string NotAdmin = "Only administrators may sign in to the admin app.";

    [Fact]
    public async Task An_admin_signs_in_on_the_login_page_and_redeems_the_code_with_the_pkce_verifier_for_admin_tokens()
    {
        using var browser = identity.Browser();
        var pkce = Pkce.New();

        var toLogin = await browser.GetAsync(browser.AuthorizeUrl(pkce));
        toLogin.StatusCode.Should().Be(HttpStatusCode.Redirect);
        toLogin.Headers.Location!.IsAbsoluteUri.Should().BeFalse("the browser came through the gateway and goes back the same way");
        toLogin.Headers.Location!.ToString().Should().StartWith("/api/auth/account/login?returnUrl=%2Fapi%2Fauth%2Fconnect%2Fauthorize");

        var redirect = await browser.SignInAsync(IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword, pkce);
        redirect.GetLeftPart(UriPartial.Path).Should().Be(browser.RedirectUri.ToString());
        CodeFlowBrowser.Parameter(redirect, "state").Should().Be("state-1");
        CodeFlowBrowser.Parameter(redirect, "iss").Should().Be(identity.Issuer);
        var code = CodeFlowBrowser.Parameter(redirect, "code");
        code.Should().NotBeNullOrEmpty();

        var response = await browser.RedeemAsync(code!, pkce.Verifier);
        var body = await response.JsonAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        var access = new JsonWebToken(body.GetProperty("access_token").GetString());
        access.GetClaim("role").Value.Should().Be("admin");
        access.GetClaim("scope").Value.Split(' ').Should().Contain("learning.admin");
        access.Audiences.Should().Equal("learning-api");
        body.GetProperty("refresh_token").GetString().Should().NotBeNullOrEmpty();
        new JsonWebToken(body.GetProperty("id_token").GetString()).Subject.Should().Be(access.Subject);

        var again = await browser.RedeemAsync(code!, pkce.Verifier);
        (await again.JsonAsync()).GetProperty("error").GetString().Should().Be("invalid_grant", "a code is good for one exchange");
    }

    [Fact]
    public async Task A_signed_in_browser_gets_its_next_code_without_the_login_page()
    {
        using var browser = identity.Browser();
        await browser.TokensAsync(IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword);

        var pkce = Pkce.New();
        var again = await browser.GetAsync(browser.AuthorizeUrl(pkce, state: "state-2"));
        again.StatusCode.Should().Be(HttpStatusCode.Redirect);
        CodeFlowBrowser.Parameter(again.Headers.Location!, "code").Should().NotBeNullOrEmpty();
        CodeFlowBrowser.Parameter(again.Headers.Location!, "state").Should().Be("state-2");

        using var stranger = identity.Browser();
        var silent = await stranger.GetAsync(browser.AuthorizeUrl(pkce) + "&prompt=none");
        CodeFlowBrowser.Parameter(silent.Headers.Location!, "error").Should().Be("login_required", "prompt=none never shows the login page");
    }

    [Fact]
    public async Task A_code_is_refused_without_its_verifier_or_with_another_one()
    {
        using var browser = identity.Browser();

        var pkce = Pkce.New();
        var code = CodeFlowBrowser.Parameter(await browser.SignInAsync(IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword, pkce), "code")!;
        var withoutVerifier = await browser.RedeemAsync(code, verifier: null);
        await withoutVerifier.ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");

        var next = Pkce.New();
        var redirect = await browser.GetAsync(browser.AuthorizeUrl(next));
        var secondCode = CodeFlowBrowser.Parameter(redirect.Headers.Location!, "code")!;
        var wrongVerifier = await browser.RedeemAsync(secondCode, Pkce.New().Verifier);
        await wrongVerifier.ShouldBeOAuthErrorAsync(400, "invalid_grant", "oauth.invalid_grant");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("plain")]
    public async Task An_authorization_request_without_an_S256_challenge_is_refused_with_invalid_request(string? method)
    {
        using var browser = identity.Browser();
        var url = method is null ? browser.AuthorizeUrl(pkce: null) : browser.AuthorizeUrl(Pkce.New(), method: method);

        var response = await browser.GetAsync(url);

        // OpenIddict checks the PKCE parameters before the client and its redirect URI, so it answers here (an error
        // page, no code) instead of at the redirect URI.
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Headers.Location.Should().BeNull();
        body.Should().Contain("invalid_request").And.Contain("code_challenge");
    }

    [Fact]
    public async Task A_redirect_uri_that_is_not_registered_is_refused_without_sending_the_browser_there()
    {
        using var browser = identity.Browser();

        var response = await browser.GetAsync(browser.AuthorizeUrl(Pkce.New(), redirectUri: new Uri("https://evil.example/admin/callback")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Location.Should().BeNull();
        (await response.Content.ReadAsStringAsync()).Should().Contain("invalid_request").And.Contain("redirect_uri");
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("api/auth/connect/authorize")]
    public async Task The_login_page_refuses_a_return_url_that_is_not_a_local_path(string returnUrl)
    {
        using var browser = identity.Browser();

        var shown = await browser.GetAsync("/api/auth/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await shown.ShouldBeProblemAsync(400, "login.return_url_not_local");

        var form = await browser.OpenLoginAsync("/api/auth/account/login");
        var posted = await browser.SubmitLoginAsync(form, IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword, returnUrl: returnUrl);
        await posted.ShouldBeProblemAsync(400, "login.return_url_not_local");
        posted.Headers.Location.Should().BeNull();
        posted.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).Should().NotContain(c => c.StartsWith("lp.signin="), "nobody is signed in by a refused form");
    }

    [Fact]
    public async Task A_learner_is_told_on_the_login_page_that_only_admins_may_sign_in_and_gets_no_session()
    {
        var email = $"learner-{Guid.NewGuid():N}@test.local";
        await identity.NewLearnerAsync(email, LearnerPassword);
        using var browser = identity.Browser();
        var pkce = Pkce.New();

        var form = await browser.OpenLoginAsync(browser.AuthorizeUrl(pkce));
        var posted = await browser.SubmitLoginAsync(form, email, LearnerPassword);

        posted.StatusCode.Should().Be(HttpStatusCode.OK);
        ErrorText(await posted.Content.ReadAsStringAsync()).Should().Be(NotAdmin);
        var authorize = await browser.GetAsync(browser.AuthorizeUrl(pkce));
        authorize.Headers.Location!.ToString().Should().StartWith("/api/auth/account/login", "the learner was not signed in");
    }

    [Fact]
    public async Task A_session_whose_account_lost_the_admin_role_gets_access_denied_at_the_redirect_uri_and_its_refresh_token_stops()
    {
        var (email, password) = await NewAdminAsync();
        using var browser = identity.Browser();
        var tokens = await browser.TokensAsync(email, password);

        await using (var scope = identity.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email);
            (await users.RemoveFromRoleAsync(user!, AuthRoles.Admin)).Succeeded.Should().BeTrue();
        }

        var response = await browser.GetAsync(browser.AuthorizeUrl(Pkce.New()));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var redirect = response.Headers.Location!;
        redirect.GetLeftPart(UriPartial.Path).Should().Be(browser.RedirectUri.ToString());
        CodeFlowBrowser.Parameter(redirect, "error").Should().Be("access_denied");
        CodeFlowBrowser.Parameter(redirect, "error_description").Should().Be(NotAdmin);
        CodeFlowBrowser.Parameter(redirect, "code").Should().BeNull();

        var refreshed = await browser.Http.PostAsync("/api/auth/connect/token", Http.Form(
            ("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!), ("client_id", CodeFlowBrowser.AdminClient)));
        await refreshed.ShouldBeOAuthErrorAsync(400, "invalid_scope", "oauth.invalid_scope");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_account_show_the_same_page()
    {
        using var browser = identity.Browser();
        var form = await browser.OpenLoginAsync(browser.AuthorizeUrl(Pkce.New()));

        var wrong = await browser.SubmitLoginAsync(form, IdentityHostFactory.AdminEmail, "not the admin password");
        var unknown = await browser.SubmitLoginAsync(form, IdentityHostFactory.AdminEmail.Replace("admin@", "nobody@"), "not the admin password");

        wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        unknown.StatusCode.Should().Be(wrong.StatusCode);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        ErrorText(wrongHtml).Should().Be(InvalidCredentials);
        ErrorText(unknownHtml).Should().Be(ErrorText(wrongHtml));
        Comparable(unknownHtml).Should().Be(Comparable(wrongHtml), "only the echoed address and the fresh antiforgery token differ");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_the_right_one_reads_the_same()
    {
        var (email, password) = await NewAdminAsync();
        using var browser = identity.Browser();
        var form = await browser.OpenLoginAsync(browser.AuthorizeUrl(Pkce.New()));

        for (var i = 0; i < 5; i++)
        {
            ErrorText(await (await browser.SubmitLoginAsync(form, email, "a wrong password")).Content.ReadAsStringAsync())
                .Should().Be(InvalidCredentials);
        }

        var locked = await browser.SubmitLoginAsync(form, email, password);
        locked.StatusCode.Should().Be(HttpStatusCode.OK, "a locked-out account is not signed in");
        ErrorText(await locked.Content.ReadAsStringAsync()).Should().Be(InvalidCredentials);
        await using var scope = identity.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        (await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!)).Should().BeTrue();
    }

    [Fact]
    public async Task A_login_form_without_its_antiforgery_token_is_400_and_signs_nobody_in()
    {
        using var browser = identity.Browser();
        var pkce = Pkce.New();
        var form = await browser.OpenLoginAsync(browser.AuthorizeUrl(pkce));

        var posted = await browser.SubmitLoginAsync(form, IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword, withToken: false);

        await posted.ShouldBeProblemAsync(400, "request.antiforgery_invalid");
        var authorize = await browser.GetAsync(browser.AuthorizeUrl(pkce));
        authorize.Headers.Location!.ToString().Should().StartWith("/api/auth/account/login");
    }

    [Fact]
    public async Task The_admin_apps_refresh_token_rotates_and_a_reused_one_is_refused()
    {
        using var browser = identity.Browser();
        var first = await browser.TokensAsync(IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword);

        var refreshed = await TokenSet.ReadAsync(await browser.Http.PostAsync("/api/auth/connect/token", Http.Form(
            ("grant_type", "refresh_token"), ("refresh_token", first.RefreshToken!), ("client_id", CodeFlowBrowser.AdminClient))));
        refreshed.RefreshToken.Should().NotBeNullOrEmpty().And.NotBe(first.RefreshToken);
        new JsonWebToken(refreshed.AccessToken).GetClaim("scope").Value.Split(' ').Should().Contain("learning.admin");

        var reuse = await browser.Http.PostAsync("/api/auth/connect/token", Http.Form(
            ("grant_type", "refresh_token"), ("refresh_token", first.RefreshToken!), ("client_id", CodeFlowBrowser.AdminClient)));
        await reuse.ShouldBeOAuthErrorAsync(400, "invalid_grant", "oauth.invalid_grant");
    }

    [Fact]
    public async Task End_session_signs_the_browser_out_and_sends_it_only_to_a_registered_post_logout_uri()
    {
        using var browser = identity.Browser();
        await browser.TokensAsync(IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword);

        var elsewhere = await browser.GetAsync("/api/auth/connect/endsession?client_id=learning-admin&post_logout_redirect_uri="
            + Uri.EscapeDataString("https://evil.example/admin/"));
        elsewhere.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        elsewhere.Headers.Location.Should().BeNull();

        var signedOut = await browser.GetAsync("/api/auth/connect/endsession?client_id=learning-admin&post_logout_redirect_uri="
            + Uri.EscapeDataString(browser.PostLogoutRedirectUri.ToString()) + "&state=bye");
        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.GetLeftPart(UriPartial.Path).Should().Be(browser.PostLogoutRedirectUri.ToString());
        CodeFlowBrowser.Parameter(signedOut.Headers.Location!, "state").Should().Be("bye");

        var authorize = await browser.GetAsync(browser.AuthorizeUrl(Pkce.New()));
        authorize.Headers.Location!.ToString().Should().StartWith("/api/auth/account/login", "the session has ended");

        var plain = await browser.GetAsync("/api/auth/connect/endsession");
        plain.StatusCode.Should().Be(HttpStatusCode.OK);
        (await plain.Content.ReadAsStringAsync()).Should().Contain("You are signed out.");
    }

    [Fact]
    public async Task The_login_page_is_never_cached_or_framed()
    {
        using var browser = identity.Browser();
        var response = await browser.GetAsync("/api/auth/account/login");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'");
        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("lp.antiforgery=") && c.Contains("path=/api/auth/"));
    }

    private async Task<(string Email, string Password)> NewAdminAsync()
    {
        var email = $"admin-{Guid.NewGuid():N}@test.local";
        const string password = "another admin password";
        await using var scope = identity.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Second Admin", CreatedAt = DateTimeOffset.UtcNow };
        (await users.CreateAsync(user, password)).Succeeded.Should().BeTrue();
        (await users.AddToRoleAsync(user, AuthRoles.Admin)).Succeeded.Should().BeTrue();
        return (email, password);
    }

    private static string? ErrorText(string html)
    {
        var match = ErrorParagraph().Match(html);
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>The page without what legitimately differs between two answers: the antiforgery token and the echoed address.</summary>
    private static string Comparable(string html) => EchoedValues().Replace(html, "value=\"…\"");

    [GeneratedRegex("""<p class="error" role="alert" id="error">([^<]*)</p>""")]
    private static partial Regex ErrorParagraph();

    [GeneratedRegex("value=\"[^\"]*\"")]
    private static partial Regex EchoedValues();
}
