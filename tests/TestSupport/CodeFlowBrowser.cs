using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace LearningPlatform.TestSupport;

/// <summary>A PKCE pair: the verifier the client keeps, and its S256 challenge sent through the browser.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce New()
    {
        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64UrlTextEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>The login page's form as a browser received it: its antiforgery field and hidden return URL.</summary>
public sealed record LoginForm(string TokenField, string Token, string ReturnUrl, string Html);

/// <summary>
/// Plays the browser of the admin SPA's sign-in over plain HTTP: it keeps cookies and does not follow redirects, so
/// every step of authorize → login page (antiforgery token and cookie) → authorize → code → token is visible.
/// </summary>
public sealed partial class CodeFlowBrowser(HttpClient http, Uri issuer) : IDisposable
{
    public const string AdminClient = "learning-admin";
    public const string AdminScopes = "openid learning.admin offline_access";

    public HttpClient Http => http;

    /// <summary>Where the SPA is sent back with its code: <c>{gateway}/admin/callback</c>, the gateway being the issuer's origin.</summary>
    public Uri RedirectUri { get; } = new(issuer, "/admin/callback");

    public Uri PostLogoutRedirectUri { get; } = new(issuer, "/admin/");

    public static string AuthorizePath => "/api/auth/connect/authorize";

    public void Dispose() => http.Dispose();

    /// <summary>The authorization request the SPA would send the browser to (relative to the host).</summary>
    public string AuthorizeUrl(
        Pkce? pkce, string scope = AdminScopes, string clientId = AdminClient, Uri? redirectUri = null, string state = "state-1",
        string method = "S256")
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = (redirectUri ?? RedirectUri).ToString(),
            ["scope"] = scope,
            ["state"] = state,
        };
        if (pkce is not null)
        {
            parameters["code_challenge"] = method == "plain" ? pkce.Verifier : pkce.Challenge;
            parameters["code_challenge_method"] = method;
        }

        return QueryHelpers.AddQueryString(AuthorizePath, parameters);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(url);

    /// <summary>GETs the login page (following the authorization endpoint's redirect when given one) and reads its form.</summary>
    public async Task<LoginForm> OpenLoginAsync(string url)
    {
        var response = await http.GetAsync(url);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            response = await http.GetAsync(response.Headers.Location!.ToString());
        }

        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Login page: {(int)response.StatusCode} {html}");
        }

        return ReadForm(html);
    }

    public static LoginForm ReadForm(string html)
    {
        var token = AntiforgeryField().Match(html);
        var returnUrl = ReturnUrlField().Match(html);
        if (!token.Success || !returnUrl.Success)
        {
            throw new InvalidOperationException("No login form in: " + html);
        }

        return new LoginForm(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value), WebUtility.HtmlDecode(returnUrl.Groups[1].Value), html);
    }

    /// <summary>Submits the login form (without its antiforgery token when <paramref name="withToken"/> is false).</summary>
    public Task<HttpResponseMessage> SubmitLoginAsync(LoginForm form, string email, string password, bool withToken = true, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl ?? form.ReturnUrl,
        };
        if (withToken)
        {
            fields[form.TokenField] = form.Token;
        }

        return http.PostAsync("/api/auth/account/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// The whole browser part: authorize, sign in on the login page, back to authorize; returns where the server finally
    /// sent the browser (the client's redirect URI with <c>code</c> or <c>error</c>).
    /// </summary>
    public async Task<Uri> SignInAsync(string email, string password, Pkce pkce, string scope = AdminScopes)
    {
        var form = await OpenLoginAsync(AuthorizeUrl(pkce, scope));
        var posted = await SubmitLoginAsync(form, email, password);
        if (posted.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        }

        var authorized = await http.GetAsync(posted.Headers.Location!.ToString());
        if (authorized.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Authorize: {(int)authorized.StatusCode} {await authorized.Content.ReadAsStringAsync()}");
        }

        return authorized.Headers.Location!;
    }

    public static string? Parameter(Uri redirect, string name) =>
        QueryHelpers.ParseQuery(redirect.Query).TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The SPA's token request: the code, its redirect URI and the PKCE verifier (a public client: no secret).</summary>
    public Task<HttpResponseMessage> RedeemAsync(string code, string? verifier, Uri? redirectUri = null, string clientId = AdminClient)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = (redirectUri ?? RedirectUri).ToString(),
            ["client_id"] = clientId,
        };
        if (verifier is not null)
        {
            fields["code_verifier"] = verifier;
        }

        return http.PostAsync("/api/auth/connect/token", new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in and redeems the code: the admin SPA's tokens.</summary>
    public async Task<TokenSet> TokensAsync(string email, string password, string scope = AdminScopes)
    {
        var pkce = Pkce.New();
        var redirect = await SignInAsync(email, password, pkce, scope);
        var code = Parameter(redirect, "code")
            ?? throw new InvalidOperationException($"No code: sent to {redirect}");
        return await TokenSet.ReadAsync(await RedeemAsync(code, pkce.Verifier));
    }

    [GeneratedRegex("""<input type="hidden" name="(__RequestVerificationToken)" value="([^"]*)">""")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("""<input type="hidden" name="returnUrl" value="([^"]*)">""")]
    private static partial Regex ReturnUrlField();
}
