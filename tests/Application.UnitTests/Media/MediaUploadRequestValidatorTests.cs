using LearningPlatform.Application.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.UnitTests.Media;

public class MediaUploadRequestValidatorTests
{
    private static MediaOptions Bind(params (string Key, string Value)[] settings)
    {
        var options = new MediaOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build()
            .GetSection(MediaOptions.Section).Bind(options);
        return options;
    }

    private static MediaUploadRequestValidator With(MediaOptions options) => new(Options.Create(options));

    [Fact]
    public void A_configured_limit_replaces_that_types_default_and_keeps_the_others()
    {
        var options = Bind(("Media:MaxBytes:png", "1000"));

        options.MaxBytes["png"].Should().Be(1000);
        options.MaxBytes["mp4"].Should().Be(2L * 1024 * 1024 * 1024);
        options.Problem().Should().BeNull();
        With(options).Validate(new MediaUploadRequest("image/png", 1000, null)).IsValid.Should().BeTrue();
        With(options).Validate(new MediaUploadRequest("image/png", 1001, null)).Errors.Should().ContainSingle()
            .Which.ErrorMessage.Should().Be("At most 1000 bytes for image/png.");
        With(options).Validate(new MediaUploadRequest("image/jpeg", 1001, null)).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Unknown_types_missing_sizes_and_long_file_names_are_field_errors()
    {
        var result = With(new MediaOptions()).Validate(new MediaUploadRequest("image/gif", null, new string('a', 256)));

        result.Errors.Select(e => e.PropertyName).Should().BeEquivalentTo("ContentType", "Size", "FileName");
    }

    [Theory]
    [InlineData("Media:MaxBytes:gif", "100", "Media:MaxBytes:gif names no media type")]
    [InlineData("Media:MaxBytes:pdf", "0", "Media:MaxBytes:pdf must be positive")]
    [InlineData("Media:UploadUrlLifetime", "8.00:00:00", "Media:UploadUrlLifetime")]
    [InlineData("Media:CleanupGrace", "-00:00:01", "Media:CleanupGrace")]
    public void A_bad_setting_is_named(string key, string value, string message) =>
        Bind((key, value)).Problem().Should().Contain(message);
}
