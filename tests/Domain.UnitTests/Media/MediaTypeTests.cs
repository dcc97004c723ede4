using LearningPlatform.Domain.Media;

namespace LearningPlatform.Domain.UnitTests.Media;

public class MediaTypeTests
{
    public static TheoryData<string, byte[]> Signatures => new()
    {
        { "video/mp4", [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2'] },
        { "application/pdf", "%PDF-1.7\n"u8.ToArray() },
        { "image/png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] },
        { "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] },
        { "image/webp", [(byte)'R', (byte)'I', (byte)'F', (byte)'F', 0x24, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P'] },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Each_type_recognises_its_own_magic_number_and_no_other_types(string contentType, byte[] head)
    {
        MediaType.Find(contentType)!.Matches(head).Should().BeTrue();
        MediaType.All.Where(t => t.ContentType != contentType).Should().OnlyContain(t => !t.Matches(head));
    }

    [Fact]
    public void Short_or_empty_heads_match_nothing()
    {
        byte[] riff = "RIFF"u8.ToArray();
        MediaType.All.Should().OnlyContain(t => !t.Matches(Array.Empty<byte>()) && !t.Matches(riff));
    }

    [Fact]
    public void A_riff_file_that_is_not_webp_is_refused() =>
        MediaType.Webp.Matches("RIFF\x24\0\0\0WAVEfmt "u8.ToArray()).Should().BeFalse();

    [Theory]
    [InlineData("image/gif")]
    [InlineData("IMAGE/PNG")]
    [InlineData("image/png; charset=binary")]
    [InlineData("")]
    [InlineData(null)]
    public void Only_the_exact_allowed_content_types_are_found(string? contentType) => MediaType.Find(contentType).Should().BeNull();

    [Fact]
    public void The_header_read_covers_every_check() =>
        MediaType.MaxHeaderLength.Should().BeGreaterThanOrEqualTo(12);
}
