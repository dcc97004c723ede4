using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Media;

namespace LearningPlatform.Domain.UnitTests.Media;

public class MediaUploadTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;
    private static readonly byte[] PngHead = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
    private const long Limit = 10 * 1024 * 1024;

    private static MediaUpload Png(long size = 1000) =>
        MediaUpload.Request("image/png", size, " cover.png ", Limit, Guid.NewGuid(), Now, Now.AddMinutes(15));

    [Fact]
    public void A_request_is_pending_with_a_key_under_uploads_named_by_its_id()
    {
        var upload = Png();

        upload.Status.Should().Be(MediaUploadStatus.Pending);
        upload.UploadKey.Should().StartWith("uploads/").And.EndWith($"{upload.Id:N}.png").And.NotContain("cover");
        upload.FileName.Should().Be("cover.png");
        upload.MediaKey.Should().BeNull();
        upload.ExpiresAt.Should().Be(Now.AddMinutes(15));
    }

    [Theory]
    [InlineData("image/gif", 10)]
    [InlineData("text/html", 10)]
    public void A_type_outside_the_allow_list_is_refused(string contentType, long size) =>
        FluentActions.Invoking(() => MediaUpload.Request(contentType, size, null, Limit, Guid.NewGuid(), Now, Now.AddMinutes(1)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("media.unsupported_type");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Limit + 1)]
    public void A_size_outside_the_types_limit_is_refused(long size) =>
        FluentActions.Invoking(() => MediaUpload.Request("image/png", size, null, Limit, Guid.NewGuid(), Now, Now.AddMinutes(1)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("media.invalid_size");

    [Fact]
    public void The_declared_object_passes_inspection_and_completes_under_media()
    {
        var upload = Png();

        upload.Inspect(1000, "image/png", PngHead).Should().BeNull();
        upload.Complete(Now.AddMinutes(1));

        upload.Status.Should().Be(MediaUploadStatus.Completed);
        upload.MediaKey.Should().Be($"media/{upload.Id:N}.png");
        upload.FinishedAt.Should().Be(Now.AddMinutes(1));
    }

    [Theory]
    [InlineData(1001, "image/png", MediaFailure.TooLarge)]
    [InlineData(999, "image/png", MediaFailure.SizeMismatch)]
    [InlineData(1000, "image/jpeg", MediaFailure.TypeMismatch)]
    [InlineData(1000, null, MediaFailure.TypeMismatch)]
    public void An_object_unlike_the_declaration_fails_inspection(long size, string? contentType, MediaFailure expected) =>
        Png().Inspect(size, contentType, PngHead).Should().Be(expected);

    [Fact]
    public void Bytes_without_the_magic_number_fail_inspection_as_a_content_mismatch() =>
        Png().Inspect(1000, "image/png", "GIF89a......"u8.ToArray()).Should().Be(MediaFailure.ContentMismatch);

    [Fact]
    public void Content_type_parameters_do_not_count_as_another_type() =>
        Png().Inspect(1000, "image/png; charset=binary", PngHead).Should().BeNull();

    [Fact]
    public void A_failed_upload_is_final()
    {
        var upload = Png();
        upload.Fail(MediaFailure.ContentMismatch, Now);

        upload.Status.Should().Be(MediaUploadStatus.Failed);
        upload.Failure.Should().Be(MediaFailure.ContentMismatch);
        FluentActions.Invoking(() => upload.Complete(Now)).Should().Throw<DomainException>().Which.Code.Should().Be("media.not_pending");
        FluentActions.Invoking(() => upload.Inspect(1000, "image/png", PngHead)).Should().Throw<DomainException>().Which.Code.Should().Be("media.not_pending");
        FluentActions.Invoking(() => upload.Expire(Now.AddDays(1), TimeSpan.Zero)).Should().Throw<DomainException>().Which.Code.Should().Be("media.not_pending");
    }

    [Fact]
    public void A_completed_upload_cannot_fail_or_expire()
    {
        var upload = Png();
        upload.Complete(Now);

        FluentActions.Invoking(() => upload.Fail(MediaFailure.TooLarge, Now)).Should().Throw<DomainException>().Which.Code.Should().Be("media.not_pending");
        FluentActions.Invoking(() => upload.Expire(Now.AddDays(1), TimeSpan.Zero)).Should().Throw<DomainException>().Which.Code.Should().Be("media.not_pending");
        upload.IsStale(Now.AddDays(1), TimeSpan.Zero).Should().BeFalse();
    }

    [Fact]
    public void A_pending_upload_expires_only_after_its_url_expiry_plus_the_grace_period()
    {
        var upload = Png();
        var grace = TimeSpan.FromHours(1);

        upload.IsStale(Now.AddMinutes(15) + grace - TimeSpan.FromSeconds(1), grace).Should().BeFalse();
        FluentActions.Invoking(() => upload.Expire(Now.AddMinutes(15) + grace - TimeSpan.FromSeconds(1), grace))
            .Should().Throw<DomainException>().Which.Code.Should().Be("media.not_expired");

        upload.Expire(Now.AddMinutes(15) + grace, grace);
        upload.Status.Should().Be(MediaUploadStatus.Expired);
        upload.FinishedAt.Should().Be(Now.AddMinutes(15) + grace);
    }

    [Fact]
    public void An_expired_upload_cannot_be_completed()
    {
        var upload = Png();
        upload.Expire(Now.AddDays(1), TimeSpan.Zero);

        FluentActions.Invoking(() => upload.Complete(Now.AddDays(1))).Should().Throw<DomainException>()
            .Which.Code.Should().Be("media.not_pending");
    }
}
