using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LearningPlatform.Identity.IntegrationTests;

public class TokenServerTests(IdentityHostFactory identity) : IClassFixture<IdentityHostFactory>
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Key, f => f.Value));

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Discovery_advertises_exactly_the_enabled_grants_and_endpoints()
    {
        using var client = identity.Client();
        var discovery = await JsonAsync(await client.GetAsync("api/auth/.well-known/openid-configuration"));

        discovery.GetProperty("issuer").GetString().Should().Be(identity.Issuer);
        discovery.GetProperty("token_endpoint").GetString().Should().EndWith("/api/auth/connect/token");
        discovery.GetProperty("introspection_endpoint").GetString().Should().EndWith("/api/auth/connect/introspect");
        discovery.GetProperty("revocation_endpoint").GetString().Should().EndWith("/api/auth/connect/revoke");
        discovery.GetProperty("authorization_endpoint").GetString().Should().Be(identity.Issuer + "connect/authorize");
        discovery.GetProperty("end_session_endpoint").GetString().Should().Be(identity.Issuer + "connect/endsession");
        discovery.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString())
            .Should().BeEquivalentTo("password", "authorization_code", "refresh_token", "client_credentials");
        discovery.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo("code");
        discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString())
            .Should().BeEquivalentTo(["S256"], "plain PKCE is not offered");
        discovery.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString())
            .Should().Contain(["learning.app", "learning.admin", "offline_access"]);

        var jwks = await JsonAsync(await client.GetAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery.TrimStart('/')));
        jwks.GetProperty("keys").EnumerateArray().Should().Contain(k => k.GetProperty("kty").GetString() == "RSA");
    }

    [Fact]
    public async Task Registered_learner_gets_a_15_minute_jwt_for_the_learning_api_with_sub_role_and_scope()
    {
        var tokens = await identity.NewLearnerAsync();

        var jwt = new JsonWebToken(tokens.AccessToken);
        jwt.Alg.Should().Be("RS256");
        jwt.Audiences.Should().Equal("learning-api");
        jwt.Issuer.Should().Be(identity.Issuer);
        Guid.TryParse(jwt.Subject, out _).Should().BeTrue();
        jwt.GetClaim("role").Value.Should().Be("learner");
        jwt.GetClaim("scope").Value.Split(' ').Should().Contain("learning.app");
        (jwt.ValidTo - jwt.IssuedAt).Should().Be(TimeSpan.FromMinutes(15));
        tokens.ExpiresIn.Should().BeInRange(890, 900);
        tokens.RefreshToken.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Registration_validates_input_with_field_errors()
    {
        using var client = identity.Client();
        var response = await client.PostAsJsonAsync("api/auth/register", new { email = "not-an-email", password = "short" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        errors.TryGetProperty("email", out _).Should().BeTrue();
        errors.TryGetProperty("password", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Registering_an_existing_address_looks_the_same_and_creates_nothing()
    {
        var email = $"twice-{Guid.NewGuid():N}@test.local";
        using var client = identity.Client();
        var first = await client.PostAsJsonAsync("api/auth/register", new { email, password = "first password 1", displayName = "First" });
        var second = await client.PostAsJsonAsync("api/auth/register", new { email, password = "second password 2", displayName = "Second" });

        second.StatusCode.Should().Be(first.StatusCode).And.Be(HttpStatusCode.Accepted);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        await using var db = await OpenDbAsync();
        (await db.CountAsync($"select count(*) from users where normalized_email = '{email.ToUpperInvariant()}'")).Should().Be(1);
        await FluentActions.Invoking(() => identity.PasswordTokenAsync(email, "second password 2")).Should().ThrowAsync<InvalidOperationException>();
        (await identity.PasswordTokenAsync(email, "first password 1")).AccessToken.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_a_reused_one_is_refused()
    {
        var first = await identity.NewLearnerAsync();
        using var client = identity.Client();

        var refreshed = await TokenSet.ReadAsync(await client.PostAsync("api/auth/connect/token",
            Form(("grant_type", "refresh_token"), ("refresh_token", first.RefreshToken!), ("client_id", "learning-mobile"))));
        refreshed.RefreshToken.Should().NotBe(first.RefreshToken);
        refreshed.Subject.Should().Be(first.Subject);

        var reuse = await client.PostAsync("api/auth/connect/token",
            Form(("grant_type", "refresh_token"), ("refresh_token", first.RefreshToken!), ("client_id", "learning-mobile")));
        reuse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(reuse)).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Revoked_tokens_are_inactive_at_introspection()
    {
        var tokens = await identity.NewLearnerAsync();
        using var client = identity.Client();

        (await IntrospectAsync(client, tokens.AccessToken)).GetProperty("active").GetBoolean().Should().BeTrue();
        (await IntrospectAsync(client, tokens.AccessToken)).GetProperty("sub").GetString().Should().Be(tokens.Subject);

        var revoke = await client.PostAsync("api/auth/connect/revoke",
            Form(("token", tokens.AccessToken), ("client_id", "learning-mobile")));
        revoke.StatusCode.Should().Be(HttpStatusCode.OK);
        await client.PostAsync("api/auth/connect/revoke", Form(("token", tokens.RefreshToken!), ("client_id", "learning-mobile")));

        (await IntrospectAsync(client, tokens.AccessToken)).GetProperty("active").GetBoolean().Should().BeFalse();
        var refresh = await client.PostAsync("api/auth/connect/token",
            Form(("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!), ("client_id", "learning-mobile")));
        refresh.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_and_every_refusal_reads_the_same()
    {
        var email = $"lock-{Guid.NewGuid():N}@test.local";
        const string password = "the right password";
        await identity.NewLearnerAsync(email, password);
        using var client = identity.Client();

        async Task<string> TryAsync(string user, string pass) => await (await client.PostAsync("api/auth/connect/token",
            Form(("grant_type", "password"), ("username", user), ("password", pass), ("client_id", "learning-mobile"), ("scope", "learning.app"))))
            .Content.ReadAsStringAsync();

        var wrongPassword = await TryAsync(email, "wrong password!");
        for (var i = 0; i < 4; i++)
        {
            await TryAsync(email, "wrong password!");
        }

        var lockedOut = await TryAsync(email, password);
        var unknown = await TryAsync($"nobody-{Guid.NewGuid():N}@test.local", password);

        lockedOut.Should().Contain("invalid_grant");
        lockedOut.Should().Be(wrongPassword).And.Be(unknown, "the answer never tells whether the account exists or is locked");
        await using var db = await OpenDbAsync();
        (await db.CountAsync($"select count(*) from users where normalized_email = '{email.ToUpperInvariant()}' and lockout_end > now()"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Jobs_client_gets_a_client_credentials_token_without_a_user_role()
    {
        var tokens = await identity.JobsTokenAsync();
        var jwt = new JsonWebToken(tokens.AccessToken);
        jwt.Subject.Should().Be("learning-jobs");
        jwt.GetClaim("scope").Value.Should().Be("learning.jobs");
        jwt.TryGetClaim("role", out _).Should().BeFalse();
        tokens.RefreshToken.Should().BeNull();
    }

    [Fact]
    public async Task Only_admins_get_the_admin_scope()
    {
        var admin = new JsonWebToken((await identity.AdminAsync()).AccessToken);
        admin.GetClaim("role").Value.Should().Be("admin");
        admin.GetClaim("scope").Value.Split(' ').Should().Contain("learning.admin");

        // A learner's password grant through the mobile client cannot carry it either.
        var email = $"climber-{Guid.NewGuid():N}@test.local";
        await identity.NewLearnerAsync(email, "a learner password");
        var act = () => identity.PasswordTokenAsync(email, "a learner password", "learning-mobile", "learning.admin");
        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("not allowed to use the specified scope");
    }

    [Fact]
    public async Task The_admin_client_has_no_password_grant_any_more_even_for_the_admin()
    {
        using var client = identity.Client();
        var response = await client.PostAsync("api/auth/connect/token", Form(
            ("grant_type", "password"), ("client_id", "learning-admin"), ("username", IdentityHostFactory.AdminEmail),
            ("password", IdentityHostFactory.AdminPassword), ("scope", "learning.admin")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await JsonAsync(response);
        body.GetProperty("error").GetString().Should().Be("unauthorized_client");
        body.GetProperty("code").GetString().Should().Be("oauth.unauthorized_client");
    }

    [Fact]
    public async Task Mobile_client_cannot_ask_for_the_admin_scope()
    {
        var act = () => identity.PasswordTokenAsync(IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword, "learning-mobile", "learning.admin");
        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("not allowed to use the specified scope");
    }

    private async Task<JsonElement> IntrospectAsync(HttpClient client, string token) =>
        await JsonAsync(await client.PostAsync("api/auth/connect/introspect", Form(
            ("token", token), ("client_id", "learning-api"), ("client_secret", IdentityHostFactory.IntrospectionSecret))));

    private async Task<DbHandle> OpenDbAsync() => await Task.FromResult(new DbHandle(identity.ConnectionString));

    private sealed class DbHandle(string connectionString) : IAsyncDisposable
    {
        public async Task<long> CountAsync(string sql)
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public class KeyPersistenceTests
{
    [Fact]
    public async Task A_restarted_server_on_the_same_keys_publishes_the_same_signing_key()
    {
        await using var first = new IdentityHostFactory();
        await first.InitializeAsync();
        var token = await first.NewLearnerAsync();
        var kid = new JsonWebToken(token.AccessToken).Kid;

        var keysFile = Path.Combine(first.KeysDirectory, "signing-key.pem");
        File.Exists(keysFile).Should().BeTrue();
        await using var second = new RestartedIdentity(first);
        using var client = second.CreateClient();
        var jwks = await client.GetStringAsync("api/auth/.well-known/jwks");
        jwks.Should().Contain($"\"kid\": \"{kid}\"");
    }

    private sealed class RestartedIdentity(IdentityHostFactory original) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<IdentityHost>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:AuthDb", original.ConnectionString);
            builder.UseSetting("AuthServer:Issuer", original.Issuer);
            builder.UseSetting("AuthServer:Keys:Directory", original.KeysDirectory);
        }
    }
}

public class CertificateKeyTests
{
    [Fact]
    public async Task Outside_development_the_keys_come_from_certificate_files()
    {
        var dir = Directory.CreateTempSubdirectory("lp-certs").FullName;
        try
        {
            var signing = WriteCertificate(Path.Combine(dir, "signing.pfx"), "CN=lp-signing", System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature);
            WriteCertificate(Path.Combine(dir, "encryption.pfx"), "CN=lp-encryption", System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment);
            await using var identity = new CertificateIdentity(dir);
            await identity.InitializeAsync();

            var token = await identity.NewLearnerAsync();

            using var rsa = signing.GetRSAPublicKey()!;
            var key = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa);
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.AccessToken, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
            {
                ValidIssuer = identity.Issuer,
                ValidAudience = "learning-api",
                IssuerSigningKey = key,
            });
            result.IsValid.Should().BeTrue("the access token is signed with the configured certificate's key");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 WriteCertificate(
        string path, string subject, System.Security.Cryptography.X509Certificates.X509KeyUsageFlags usage)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            subject, rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509KeyUsageExtension(usage, critical: true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "test-password"));
        return certificate;
    }

    private sealed class CertificateIdentity(string certificates) : IdentityHostFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("AuthServer:Keys:Directory", "");
            builder.UseSetting("AuthServer:Keys:SigningCertificatePath", Path.Combine(certificates, "signing.pfx"));
            builder.UseSetting("AuthServer:Keys:SigningCertificatePassword", "test-password");
            builder.UseSetting("AuthServer:Keys:EncryptionCertificatePath", Path.Combine(certificates, "encryption.pfx"));
            builder.UseSetting("AuthServer:Keys:EncryptionCertificatePassword", "test-password");
        }
    }
}
