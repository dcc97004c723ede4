using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.ResponseLoad;

/// <summary>
/// Stands in for the token server (src/Identity) during the bench: the WebApi's <c>Auth:Authority</c> points here,
/// so it reads this discovery document and JWKS once and then validates RS256 tokens exactly as in production.
/// Tokens are minted in-process, shaped like the real ones (sub, scope, role, aud, iss), so no password hashing
/// or token endpoint sits in the measured path or in the set-up.
/// </summary>
public sealed class BenchTokenServer : IAsyncDisposable
{
    // A fresh key per run, or the one in LP_BENCH_KEY_FILE (created on first use): bench/gateway.sh runs the driver
    // twice against hosts that cache the first run's JWKS, so both runs must sign with the same key.
    private readonly RSA _rsa = LoadKey(Environment.GetEnvironmentVariable("LP_BENCH_KEY_FILE"));
    private readonly RsaSecurityKey _key;
    private readonly WebApplication _app;

    private BenchTokenServer(Uri authority)
    {
        Authority = authority.ToString();
        _key = new RsaSecurityKey(_rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(_rsa.ExportSubjectPublicKeyInfo()))[..16] };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // The default console lifetime would take over SIGTERM/Ctrl-C to stop only this little server and keep
        // the driver running; without it the signals end the driver, as bench/run.sh expects.
        builder.Services.AddSingleton<IHostLifetime, NoSignalHandling>();
        builder.WebHost.UseUrls($"{authority.Scheme}://{authority.Host}:{authority.Port}");
        _app = builder.Build();

        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        var jwks = new
        {
            keys = new[]
            {
                new
                {
                    kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = _key.KeyId,
                    n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        };
        var discovery = new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["jwks_uri"] = Authority + ".well-known/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            ["response_types_supported"] = new[] { "token" },
            ["subject_types_supported"] = new[] { "public" },
        };
        var path = authority.AbsolutePath.TrimEnd('/');
        _app.MapGet(path + "/.well-known/openid-configuration", () => Results.Json(discovery));
        _app.MapGet(path + "/.well-known/jwks", () => Results.Json(jwks));
    }

    /// <summary>The issuer, ending in '/': must equal the WebApi's <c>Auth:Authority</c>.</summary>
    public string Authority { get; }

    public static async Task<BenchTokenServer> StartAsync(Uri authority, CancellationToken ct)
    {
        if (!authority.AbsolutePath.EndsWith('/'))
        {
            throw new BenchSetupException($"--authority must end with '/': {authority}");
        }

        var server = new BenchTokenServer(authority);
        await server._app.StartAsync(ct);
        return server;
    }

    public string MintLearnerToken(Guid learnerId, string audience) => MintToken(learnerId, "learning.app", "learner", audience);

    /// <summary>A token for any user: e.g. scope <c>learning.admin</c> and role <c>admin</c> for the admin routes.</summary>
    public string MintToken(Guid userId, string scope, string role, string audience)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Subject = new ClaimsIdentity(
                [new Claim("sub", userId.ToString()), new Claim("scope", scope), new Claim("role", role)]),
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private sealed class NoSignalHandling : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static RSA LoadKey(string? path)
    {
        var rsa = RSA.Create(2048);
        if (string.IsNullOrEmpty(path))
        {
            return rsa;
        }

        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        }

        return rsa;
    }
}
