using LearningPlatform.TestSupport;
using Npgsql;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>What OpenIddict keeps in AuthDB about one subject (a learner's id): its token and authorization rows.</summary>
internal sealed class OidcRows(string connectionString)
{
    public OidcRows(IdentityHostFactory identity) : this(identity.ConnectionString)
    {
    }

    /// <summary>The subject's tokens as <c>type/status</c> (e.g. <c>refresh_token/redeemed</c>, the type without its URN prefix), sorted.</summary>
    public Task<IReadOnlyList<string>> TokensAsync(string subject) => ListAsync(
        "select replace(type, 'urn:ietf:params:oauth:token-type:', '') || '/' || status from oidc_tokens where subject = @subject order by 1",
        subject);

    /// <summary>The subject's authorizations as <c>type/status</c> (e.g. <c>ad-hoc/valid</c>), sorted.</summary>
    public Task<IReadOnlyList<string>> AuthorizationsAsync(string subject) => ListAsync(
        "select type || '/' || status from oidc_authorizations where subject = @subject order by 1", subject);

    /// <summary>
    /// Moves the subject's rows <paramref name="age"/> into the past, as if issued then: creation, and — with
    /// <paramref name="expiryToo"/> — expiry and redemption with it. Without it only the creation date moves, like a token
    /// issued long ago under a longer lifetime and still valid.
    /// </summary>
    public async Task AgeAsync(string subject, TimeSpan age, bool expiryToo = true)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            update oidc_tokens set creation_date = creation_date - @age,
                expiration_date = case when @expiryToo then expiration_date - @age else expiration_date end,
                redemption_date = case when @expiryToo then redemption_date - @age else redemption_date end
            where subject = @subject;
            update oidc_authorizations set creation_date = creation_date - @age where subject = @subject;
            """, connection);
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("age", age);
        command.Parameters.AddWithValue("expiryToo", expiryToo);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<string>> ListAsync(string sql, string subject)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("subject", subject);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>The token calls the pruning tests make, as a client would.</summary>
internal static class TokenCalls
{
    public static async Task<TokenSet> RefreshAsync(this IdentityHostFactory identity, string refreshToken)
    {
        using var client = identity.Client();
        return await TokenSet.ReadAsync(await client.PostAsync("api/auth/connect/token", Http.Form(
            ("grant_type", "refresh_token"), ("client_id", "learning-mobile"), ("refresh_token", refreshToken))));
    }

    public static async Task RevokeAsync(this IdentityHostFactory identity, string token)
    {
        using var client = identity.Client();
        var response = await client.PostAsync("api/auth/connect/revoke", Http.Form(("client_id", "learning-mobile"), ("token", token)));
        response.EnsureSuccessStatusCode();
    }
}
