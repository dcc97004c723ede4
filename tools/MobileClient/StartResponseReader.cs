using System.Buffers;
using System.Text.Json;

namespace LearningPlatform.MobileClient;

/// <summary>
/// Reads the start response <c>{attemptId, attemptToken, expiresAt, resumed, questions: [...]}</c> as it arrives: the
/// server streams <c>questions</c> from the database, so each question is handed out as soon as its last byte is here,
/// not when the whole body is. Top-level fields may come in any order; unknown ones are skipped.
/// </summary>
public sealed class StartResponseReader(JsonSerializerOptions options)
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private byte[] _buffer = new byte[16 * 1024];
    private int _length;
    private JsonReaderState _state;
    private bool _inQuestions;
    private bool _done;
    private int _depth;

    public Guid AttemptId { get; private set; }
    public string? AttemptToken { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public bool Resumed { get; private set; }

    /// <summary>
    /// Reads <paramref name="body"/> to its end, calling <paramref name="onQuestion"/> for each question as soon as it is
    /// complete, and <paramref name="onFirstBytes"/> once the first chunk is in.
    /// </summary>
    public async Task<IReadOnlyList<Question>> ReadAsync(Stream body, Action<Question>? onQuestion, Action? onFirstBytes, CancellationToken ct)
    {
        var questions = new List<Question>();
        var first = true;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                if (_buffer.Length >= MaxBodyBytes)
                {
                    throw new InvalidDataException("A single question is larger than 16 MB.");
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await body.ReadAsync(_buffer.AsMemory(_length), ct);
            if (first && read > 0)
            {
                first = false;
                onFirstBytes?.Invoke();
            }

            _length += read;
            var final = read == 0;
            foreach (var question in Parse(final))
            {
                questions.Add(question);
                onQuestion?.Invoke(question);
            }

            if (final)
            {
                if (!_done || AttemptToken is null)
                {
                    throw new InvalidDataException("The start response ended before the attempt and its questions were read.");
                }

                return questions;
            }
        }
    }

    /// <summary>Consumes what the buffer holds; keeps an incomplete token or question for the next chunk.</summary>
    private List<Question> Parse(bool final)
    {
        var found = new List<Question>();
        var reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), final, _state);
        while (!_done)
        {
            if (_inQuestions && _depth == 2)
            {
                // At an element of the array: take it whole once all of it is here.
                var peek = reader;
                if (!peek.Read())
                {
                    break;
                }

                if (peek.TokenType == JsonTokenType.EndArray)
                {
                    reader = peek;
                    _inQuestions = false;
                    _depth = 1;
                    continue;
                }

                var whole = peek;
                if (!whole.TrySkip())
                {
                    break;
                }

                reader.Read();
                found.Add(JsonSerializer.Deserialize<Question>(ref reader, options)
                          ?? throw new InvalidDataException("A question was null."));
                continue;
            }

            var before = reader;
            if (!reader.Read())
            {
                break;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when _depth == 0:
                    _depth = 1;
                    break;
                case JsonTokenType.EndObject when _depth == 1:
                    _done = true;
                    break;
                case JsonTokenType.PropertyName when _depth == 1:
                    var name = reader.GetString();
                    var value = reader;
                    if (!value.Read())
                    {
                        reader = before;
                        goto NeedMore;
                    }

                    if (name == "questions" && value.TokenType == JsonTokenType.StartArray)
                    {
                        reader = value;
                        _inQuestions = true;
                        _depth = 2;
                        break;
                    }

                    if (value.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !value.TrySkip())
                    {
                        reader = before;
                        goto NeedMore;
                    }

                    Take(name, ref value);
                    reader = value;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected {reader.TokenType} in the start response.");
            }
        }

        NeedMore:
        var consumed = (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _length - consumed);
        _length -= consumed;
        return found;
    }

    private void Take(string? name, ref Utf8JsonReader value)
    {
        switch (name)
        {
            case "attemptId":
                AttemptId = value.GetGuid();
                break;
            case "attemptToken":
                AttemptToken = value.GetString();
                break;
            case "expiresAt":
                ExpiresAt = value.GetDateTimeOffset();
                break;
            case "resumed":
                Resumed = value.GetBoolean();
                break;
        }
    }
}
