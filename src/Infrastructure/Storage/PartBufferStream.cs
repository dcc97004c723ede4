namespace LearningPlatform.Infrastructure.Storage;

/// <summary>
/// A write-only stream that cuts what is written into parts of a fixed size for a multipart upload, with two buffers:
/// while one part goes up, the writer fills the other, and it waits only when both are busy. Memory is two parts,
/// allocated once per upload, whatever the size of the file — no per-write allocation for the GC to catch up with.
/// A full buffer is sent only when more bytes arrive, so the last part is known to be last (and an upload that fits in
/// one part can be a single PUT).
/// </summary>
internal sealed class PartBufferStream(int partSize, Func<ArraySegment<byte>, bool, CancellationToken, Task> sendPart) : Stream
{
    private byte[] _filling = new byte[partSize];
    private byte[]? _spare;
    private int _filled;
    private long _length;
    private Task _sending = Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            if (_filled == partSize)
            {
                await SendAsync(last: false, cancellationToken);
            }

            var take = Math.Min(buffer.Length, partSize - _filled);
            buffer.Span[..take].CopyTo(_filling.AsSpan(_filled));
            _filled += take;
            _length += take;
            buffer = buffer[take..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends what is left as the last part and waits until every part is up.</summary>
    public Task FinishAsync(CancellationToken cancellationToken) => SendAsync(last: true, cancellationToken);

    /// <summary>Waits for the part in flight, if any, ignoring its outcome (the caller is already failing).</summary>
    public async Task SettleAsync()
    {
        try
        {
            await _sending;
        }
        catch
        {
            // The caller reports its own failure.
        }
    }

    private async Task SendAsync(bool last, CancellationToken cancellationToken)
    {
        await _sending; // at most one part in flight; its failure surfaces here, to the writer
        var full = _filling;
        _sending = sendPart(new ArraySegment<byte>(full, 0, _filled), last, cancellationToken);
        _filling = _spare ?? new byte[partSize];
        _spare = full;
        _filled = 0;
        if (last)
        {
            await _sending;
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously: a full part is uploaded before more is taken.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
