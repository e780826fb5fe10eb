using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CaseEngine.Silo;

/// <summary>
/// The checks of one settings class and the configuration section it is bound from: the data annotations of its
/// properties (<see cref="RangeAttribute"/> and the like), then the rules of <see cref="Check"/>. The same checks run
/// when the engine composes itself (<see cref="Read"/>) and when the host starts (<c>ValidateOnStart</c>), so each
/// rule has one home. Every failure names the full configuration key it is about.
/// </summary>
/// <typeparam name="T">The settings class.</typeparam>
/// <param name="section">Configuration section the settings are bound from, such as <c>CaseEngine:Membership</c>.</param>
public class SettingsValidator<T>(string section) : IValidateOptions<T>
    where T : class, new()
{
    /// <summary>Configuration section the settings are bound from.</summary>
    public string Section { get; } = section;

    /// <summary>The full configuration key of <paramref name="member"/>, such as <c>CaseEngine:Membership:ProbeTimeoutSeconds</c>.</summary>
    public string Key(string member) => $"{Section}:{member}";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, T options)
    {
        List<string> failures = [.. Annotated(options), .. Check(options)];
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Binds the section of <paramref name="configuration"/> as the options pattern does and checks it: the settings, ready
    /// to compose the host with.
    /// </summary>
    /// <exception cref="EngineStartupException">A value cannot be read as its type, or a check fails: one line saying which and why.</exception>
    public T Read(IConfiguration configuration)
    {
        var settings = new T();
        try
        {
            configuration.GetSection(Section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value; the inner exception says what is wrong with it (without
            // the name of the converter's parameter, which means nothing to whoever wrote the setting).
            var cause = e.InnerException switch
            {
                ArgumentException { ParamName: { } parameter } inner => inner.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal),
                { } inner => inner.Message,
                null => null,
            };
            var reason = cause is null ? e.Message.TrimEnd('.') : $"{e.Message.TrimEnd('.')} ({cause.TrimEnd('.')})";
            throw new EngineStartupException($"the {Section} settings cannot be read: {reason.ReplaceLineEndings(" ")}.", e);
        }

        return Validate(Options.DefaultName, settings) is { Failed: true, Failures: { } failures }
            ? throw new EngineStartupException(EngineSettings.Describe(failures))
            : settings;
    }

    /// <summary>The rules that are not data annotations, each failure as one sentence without its full stop. None by default.</summary>
    protected virtual IEnumerable<string> Check(T settings) => [];

    private IEnumerable<string> Annotated(T settings)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.IsDefined(typeof(ValidationAttribute), inherit: true))
            {
                continue;
            }

            var context = new ValidationContext(settings) { MemberName = property.Name, DisplayName = Key(property.Name) };
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(property.GetValue(settings), context, results))
            {
                foreach (var result in results)
                {
                    yield return string.Create(CultureInfo.InvariantCulture, $"{result.ErrorMessage?.TrimEnd('.')}, not {property.GetValue(settings)}");
                }
            }
        }
    }
}

/// <summary>
/// The engine's settings through the options pattern: each class bound from its section, checked by its
/// <see cref="SettingsValidator{T}"/> when the host starts, and read through the same validator while the host is
/// composed, so that a bad setting stops the engine with one line before anything starts.
/// </summary>
public static class EngineSettings
{
    /// <summary>
    /// Registers the settings <typeparamref name="T"/> (<see cref="IOptions{T}"/>, bound from the validator's section,
    /// checked by it on start) and reads them now through the same validator.
    /// </summary>
    /// <returns>The settings as they are configured, checked.</returns>
    /// <exception cref="EngineStartupException">A setting is bad: one line saying which and why.</exception>
    public static T AddEngineSettings<T>(this IHostApplicationBuilder builder, SettingsValidator<T> validator)
        where T : class, new()
    {
        builder.Services.AddEngineSettings(validator);
        return validator.Read(builder.Configuration);
    }

    /// <summary>
    /// Registers the settings <typeparamref name="T"/>: <see cref="IOptions{T}"/> bound from the validator's section of
    /// the host's configuration, checked by <paramref name="validator"/> when the host starts.
    /// </summary>
    public static OptionsBuilder<T> AddEngineSettings<T>(this IServiceCollection services, SettingsValidator<T> validator)
        where T : class, new()
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(validator));
        return services.AddOptions<T>().BindConfiguration(validator.Section).ValidateOnStart();
    }

    /// <summary>The failures of a check, as the one line a refused start prints.</summary>
    public static string Describe(IEnumerable<string> failures) => string.Join("; ", failures).ReplaceLineEndings(" ") + ".";
}
