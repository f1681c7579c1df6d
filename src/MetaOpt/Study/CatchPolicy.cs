namespace MetaOpt;

/// <summary>Which exceptions thrown by an objective fail only that trial, letting <see cref="Study.Optimize"/> go on.</summary>
/// <remarks>
/// Whatever the policy, the trial is stored as Failed with the exception's text. An exception the policy does not
/// catch then stops the whole optimisation and is rethrown by <see cref="Study.Optimize"/>.
/// An invalid search space (<see cref="InvalidSearchSpaceException"/>) is a bug in the objective, not bad luck
/// of a configuration, so the default policy lets it through instead of failing every trial the same way.
/// </remarks>
public sealed class CatchPolicy
{
    private readonly Func<Exception, bool> _catches;

    private CatchPolicy(Func<Exception, bool> catches) => _catches = catches;

    /// <summary>Every exception except an invalid search space fails only its trial (the default).</summary>
    public static CatchPolicy AllButSearchSpaceErrors { get; } = new(e => e is not InvalidSearchSpaceException);

    /// <summary>Every exception, including an invalid search space, fails only its trial.</summary>
    public static CatchPolicy All { get; } = new(_ => true);

    /// <summary>No exception is caught: the first one stops the optimisation.</summary>
    public static CatchPolicy None { get; } = new(_ => false);

    /// <summary>Only exceptions of these types (or derived from them) fail only their trial.</summary>
    public static CatchPolicy Only(params Type[] exceptionTypes) =>
        new(e => exceptionTypes.Any(t => t.IsInstanceOfType(e)));

    /// <summary>Whether the exception fails only its trial.</summary>
    public bool Catches(Exception exception) => _catches(exception);
}
