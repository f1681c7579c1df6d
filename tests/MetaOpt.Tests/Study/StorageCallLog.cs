using System.Reflection;
using System.Runtime.ExceptionServices;

namespace MetaOpt.Tests;

/// <summary>
/// An <see cref="IStorage"/> that forwards to another and records each call with its arguments, for tests about which
/// storage steps a study takes (a process can die between any two of them).
/// </summary>
public class StorageCallLog : DispatchProxy
{
    private IStorage _inner = null!;

    /// <summary>Each call's method name and its arguments by parameter name.</summary>
    public List<(string Method, IReadOnlyDictionary<string, object?> Arguments)> Calls { get; } = [];

    public static (IStorage Storage, StorageCallLog Log) Wrap(IStorage inner)
    {
        var storage = Create<IStorage, StorageCallLog>();
        var log = (StorageCallLog)(object)storage;
        log._inner = inner;
        return (storage, log);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var names = targetMethod!.GetParameters().Select(p => p.Name!);
        Calls.Add((targetMethod.Name, names.Zip(args ?? []).ToDictionary(a => a.First, a => a.Second)));
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
