using LearningPlatform.Infrastructure.Storage;

namespace LearningPlatform.Infrastructure.IntegrationTests.Storage;

/// <summary>How the upload stream cuts a file into parts; the S3 side is in <see cref="ObjectStorageTests"/>.</summary>
public class PartBufferStreamTests
{
    private sealed record Part(byte[] Bytes, bool Last);

    [Fact]
    public async Task Writes_of_any_size_become_full_parts_in_order_and_a_last_part_marked_last()
    {
        var sent = new List<Part>();
        var stream = new PartBufferStream(10, (part, last, _) =>
        {
            sent.Add(new Part(part.ToArray(), last));
            return Task.CompletedTask;
        });
        var bytes = Enumerable.Range(0, 27).Select(i => (byte)i).ToArray();

        await stream.WriteAsync(bytes.AsMemory(0, 7));
        await stream.WriteAsync(bytes.AsMemory(7, 13)); // exactly two parts full: nothing is sent before more arrives
        sent.Should().HaveCount(1);
        await stream.WriteAsync(bytes.AsMemory(20, 7));
        await stream.FinishAsync(CancellationToken.None);

        sent.Select(p => p.Bytes.Length).Should().Equal(10, 10, 7);
        sent.Select(p => p.Last).Should().Equal(false, false, true);
        sent.SelectMany(p => p.Bytes).Should().Equal(bytes);
        stream.Length.Should().Be(27);
    }

    [Fact]
    public async Task A_file_that_fits_in_one_part_is_sent_once_as_the_last_part()
    {
        var sent = new List<Part>();
        var stream = new PartBufferStream(10, (part, last, _) =>
        {
            sent.Add(new Part(part.ToArray(), last));
            return Task.CompletedTask;
        });

        await stream.WriteAsync(new byte[10]);
        await stream.FinishAsync(CancellationToken.None);

        sent.Should().ContainSingle().Which.Should().Match<Part>(p => p.Bytes.Length == 10 && p.Last);
    }

    [Fact]
    public async Task The_writer_waits_for_the_part_in_flight_and_sees_its_failure()
    {
        var first = new TaskCompletionSource();
        var calls = 0;
        var stream = new PartBufferStream(4, (_, _, _) => ++calls == 1 ? first.Task : Task.CompletedTask);

        await stream.WriteAsync(new byte[8]);                 // part 1 goes up; part 2 fills the other buffer
        var third = stream.WriteAsync(new byte[1]).AsTask(); // part 2 must wait for part 1
        third.IsCompleted.Should().BeFalse();
        calls.Should().Be(1);

        first.SetException(new IOException("part 1 failed"));

        await third.Invoking(t => t).Should().ThrowAsync<IOException>().WithMessage("part 1 failed");
        calls.Should().Be(1);
    }
}
