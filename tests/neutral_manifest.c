/* Neutral manifest contents (see neutral_manifest.h). */
#include "neutral_manifest.h"

#include <stddef.h>
#include <string.h>

const char *lf_neutral_manifest(const char *name)
{
    static const struct {
        const char *name, *text;
    } known[] = {
        {"package.json", "{\"name\": \"app\", \"version\": \"1.0.0\"}\n"},
        {"package-lock.json", "{\"name\": \"app\", \"lockfileVersion\": 3, \"packages\": {}}\n"},
        {"composer.json", "{\"require\": {}}\n"},
        {"composer.lock", "{\"packages\": []}\n"},
        {"requirements.txt", "flask==3.0.0\n"},
        {"go.mod", "module example.invalid/app\n\ngo 1.22\n"},
        {"Gemfile", "gem \"rake\"\n"},
        {"pyproject.toml", "[project]\nname = \"app\"\nversion = \"1.0.0\"\n"},
        {"Pipfile", "[packages]\nflask = \"*\"\n"},
        {"pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>\n"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i].name, name) == 0)
            return known[i].text;
    return "";
}
