using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DocStream.AppHost.Tests.OfficialApi;

/// <summary>
/// Renders the public types and members of an assembly's namespaces as the lines extract_official_api.py writes from
/// an official package's published API file: type names without namespaces, no nullable reference annotations.
/// </summary>
internal static class PublicSurface
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(string)] = "string", [typeof(int)] = "int", [typeof(bool)] = "bool", [typeof(long)] = "long",
        [typeof(double)] = "double", [typeof(void)] = "void", [typeof(object)] = "object",
    };

    public static IEnumerable<string> Of(Assembly assembly, IReadOnlySet<string> namespaces) =>
        assembly.GetExportedTypes()
            .Where(t => t.Namespace is not null && namespaces.Contains(t.Namespace))
            .SelectMany(Lines);

    private static IEnumerable<string> Lines(Type type)
    {
        var name = type.FullName!;
        var kind = type is { IsAbstract: true, IsSealed: true } ? "static class" : type.IsSealed ? "sealed class" : type.IsAbstract ? "abstract class" : "class";
        var baseType = type.BaseType is { } b && b != typeof(object) ? " : " + Render(b) : "";
        yield return $"type {name} {kind}{baseType}";
        var ctors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        // A lone parameterless constructor is the implicit one, which published API files leave out.
        if (!type.IsAbstract && !(ctors.Length == 1 && ctors[0].GetParameters().Length == 0))
        {
            foreach (var ctor in ctors)
            {
                yield return $"ctor {name}({Parameters(ctor)})";
            }
        }
        foreach (var field in type.GetFields(Declared))
        {
            yield return $"field {(field.IsStatic ? "static " : "")}{name}.{field.Name} : {Render(field.FieldType)}";
        }
        foreach (var property in type.GetProperties(Declared))
        {
            var isStatic = (property.GetMethod ?? property.SetMethod)!.IsStatic;
            var accessors = property.GetMethod is { IsPublic: true } ? "get" : "";
            accessors += property.SetMethod is { IsPublic: true } ? (accessors.Length > 0 ? " set" : "set") : "";
            yield return $"property {(isStatic ? "static " : "")}{name}.{property.Name} : {Render(property.PropertyType)} {accessors}";
        }
        foreach (var method in type.GetMethods(Declared).Where(m => !m.IsSpecialName))
        {
            var generics = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";
            var constraints = string.Concat(method.GetGenericArguments()
                .Where(a => a.GetGenericParameterConstraints().Length > 0)
                .Select(a => $" where {a.Name} : {string.Join(", ", a.GetGenericParameterConstraints().Select(Render))}"));
            yield return $"method {(method.IsStatic ? "static " : "")}{name}.{method.Name}{generics}({Parameters(method)}) : {Render(method.ReturnType)}{constraints}";
        }
    }

    private static string Parameters(MethodBase method)
    {
        var isExtension = method.IsDefined(typeof(ExtensionAttribute), false);
        return string.Join(", ", method.GetParameters().Select(p =>
            $"{(isExtension && p.Position == 0 ? "this " : "")}{Render(p.ParameterType)} {p.Name}{Default(p)}"));
    }

    private static string Default(ParameterInfo parameter) => !parameter.HasDefaultValue ? "" : parameter.DefaultValue switch
    {
        null => " = null",
        bool value => value ? " = true" : " = false",
        IFormattable value => " = " + value.ToString(null, CultureInfo.InvariantCulture),
        var value => " = " + value,
    };

    public static string Render(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Render(underlying) + "?";
        }
        if (type.IsArray)
        {
            return Render(type.GetElementType()!) + "[]";
        }
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }
        if (!type.IsGenericType)
        {
            return type.Name;
        }
        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Render))}>";
    }
}
