namespace MetaOpt.Recommender;

/// <summary>A data file has a line the loader cannot read; the message names the file, the line and what was expected.</summary>
public sealed class MalformedDataException : FormatException
{
    /// <summary>Creates the error for <paramref name="filePath"/> at 1-based <paramref name="lineNumber"/>.</summary>
    public MalformedDataException(string filePath, int lineNumber, string problem)
        : base($"{filePath}, line {lineNumber}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
    }

    /// <summary>The file with the bad line.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based number of the bad line.</summary>
    public int LineNumber { get; }
}
