using LearningPlatform.Application.Attempts;

namespace LearningPlatform.Application.UnitTests.Attempts;

public class AttemptTokensTests
{
    [Fact]
    public void New_token_matches_its_hash_and_the_hash_is_not_the_token()
    {
        var (token, hash) = AttemptTokens.New();

        token.Length.Should().BeGreaterThanOrEqualTo(43, "256 random bits in base64url");
        hash.Should().HaveLength(64).And.NotContain(token);
        AttemptTokens.Matches(hash, token).Should().BeTrue();
    }

    [Fact]
    public void Another_token_or_none_does_not_match()
    {
        var (_, hash) = AttemptTokens.New();
        var (other, _) = AttemptTokens.New();

        AttemptTokens.Matches(hash, other).Should().BeFalse();
        AttemptTokens.Matches(hash, null).Should().BeFalse();
        AttemptTokens.Matches(hash, string.Empty).Should().BeFalse();
    }

    [Fact]
    public void Tokens_are_url_safe_and_unique()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => AttemptTokens.New().Token).ToList();
        tokens.Should().OnlyHaveUniqueItems();
        tokens.Should().AllSatisfy(t => t.Should().MatchRegex("^[A-Za-z0-9_-]+$"));
    }
}
