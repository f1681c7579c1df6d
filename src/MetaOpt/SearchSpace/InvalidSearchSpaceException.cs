namespace MetaOpt;

/// <summary>A suggestion with bad bounds, step or choices, or a parameter re-suggested with a different range.</summary>
public sealed class InvalidSearchSpaceException : ArgumentException
{
    /// <summary>Creates the exception for a parameter.</summary>
    public InvalidSearchSpaceException(string message, string parameterName, Exception? innerException = null)
        : base(message, parameterName, innerException)
    {
        ParameterName = parameterName;
        Message = message;
    }

    /// <summary>The message as given: it already names the parameter, which the base class would append again.</summary>
    public override string Message { get; }

    /// <summary>The parameter whose suggestion was invalid.</summary>
    public string ParameterName { get; }
}
