namespace CaseEngine.Silo;

/// <summary>The engine cannot start; the message is one line saying why and what to do.</summary>
public sealed class EngineStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineStartupException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public EngineStartupException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public EngineStartupException()
    {
    }
}
