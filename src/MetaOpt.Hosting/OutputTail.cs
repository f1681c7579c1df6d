using System.Text;

namespace MetaOpt.Hosting;

/// <summary>
/// Drains one output stream of a worker process as fast as it writes, keeping only its last lines: a worker that
/// writes a gigabyte neither blocks on a full pipe nor fills the parent's memory.
/// </summary>
internal sealed class OutputTail
{
    private const int LongestLine = 1000;

    private readonly int _keep;
    private readonly Queue<string> _lines = new();
    private readonly StringBuilder _current = new();
    private readonly Task _drain;

    /// <param name="stream">The stream to drain until its end.</param>
    /// <param name="keep">How many of its last lines to keep; 0 discards everything.</param>
    public OutputTail(Stream stream, int keep)
    {
        _keep = keep;
        _drain = Task.Run(() => Drain(stream));
    }

    /// <summary>The last lines, once the stream has ended or <paramref name="wait"/> has passed.</summary>
    public IReadOnlyList<string> Lines(TimeSpan wait)
    {
        _drain.Wait(wait);
        lock (_lines)
        {
            var lines = _lines.ToList();
            if (_current.Length > 0)
                lines.Add(_current.ToString());
            return lines.Skip(Math.Max(0, lines.Count - _keep)).ToList();
        }
    }

    private async Task Drain(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (_keep == 0)
                    continue;
                var count = decoder.GetChars(buffer, 0, read, chars, 0);
                lock (_lines)
                    Append(chars.AsSpan(0, count));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process ended and its pipe was closed under the reader: what was read is all there is.
        }
    }

    private void Append(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c == '\n')
            {
                _lines.Enqueue(_current.ToString().TrimEnd('\r'));
                _current.Clear();
                if (_lines.Count > _keep)
                    _lines.Dequeue();
            }
            else if (_current.Length < LongestLine)
            {
                _current.Append(c);
            }
        }
    }
}
