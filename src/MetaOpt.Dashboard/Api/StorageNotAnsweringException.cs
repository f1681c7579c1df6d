namespace MetaOpt.Dashboard.Api;

/// <summary>The storage did not answer a read in time or failed it: the API answers 503 with this message.</summary>
internal sealed class StorageNotAnsweringException(string message, Exception? innerException = null)
    : Exception(message, innerException);
