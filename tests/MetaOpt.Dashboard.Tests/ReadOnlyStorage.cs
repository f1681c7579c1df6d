using System.Reflection;

namespace MetaOpt.Dashboard.Tests;

/// <summary>
/// A storage whose every method but the reads throws: serving the dashboard through it proves the dashboard only
/// reads. A proxy rather than a class, so a write method added to <see cref="IStorage"/> later is refused too.
/// </summary>
public class ReadOnlyStorage : DispatchProxy
{
    private static readonly HashSet<string> Reads =
        [nameof(IStorage.FindStudy), nameof(IStorage.GetAllStudies), nameof(IStorage.GetTrial), nameof(IStorage.GetAllTrials)];

    private IStorage _inner = null!;

    public static IStorage Over(IStorage inner)
    {
        var proxy = Create<IStorage, ReadOnlyStorage>();
        ((ReadOnlyStorage)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is null || !Reads.Contains(targetMethod.Name))
            throw new InvalidOperationException($"The dashboard called IStorage.{targetMethod?.Name}, which is not a read.");
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
