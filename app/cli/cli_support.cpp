#include "cli/cli_support.h"

#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace facecase::cli {

int exitCodeFor(const Error& error) {
    switch (error.kind) {
        case Error::Kind::InvalidInput:
        case Error::Kind::NotFound:
        case Error::Kind::PasswordNeeded:
        case Error::Kind::Conflict: return kExitInputProblem;
        case Error::Kind::ModelError: return kExitSetup;
        case Error::Kind::Internal: return kExitInternal;
        case Error::Kind::Cancelled: return kExitCancelled;
    }
    return kExitInternal;
}

int batchExitCodeFor(const Error& error) {
    const int code = exitCodeFor(error);
    return code == kExitInputProblem ? kExitNotDone : code;
}

void printLine(const QString& text) {
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printError(const QString& text) {
    std::fputs((QStringLiteral("facecase-cli: ") + text + QLatin1Char('\n')).toUtf8().constData(), stderr);
    std::fflush(stderr);
}

void printJson(const QJsonObject& object) {
    printLine(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

std::optional<int> parseOrExit(QCommandLineParser& parser, const QStringList& args) {
    parser.addHelpOption();
    if (!parser.parse(args)) {
        printError(parser.errorText());
        std::fputs(parser.helpText().toUtf8().constData(), stderr);
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printLine(parser.helpText());
        return kExitOk;
    }
    return std::nullopt;
}

Result<std::shared_ptr<const FaceModels>> loadModels() {
    auto models = FaceModels::loadDefault();
    if (!models) printError(models.errorMessage());
    return models;
}

Result<std::unique_ptr<FacePipeline>> createPipeline() {
    auto models = loadModels();
    if (!models) return models.error();
    auto pipeline = FacePipeline::create(*models);
    if (!pipeline) printError(pipeline.errorMessage());
    return pipeline;
}

std::optional<int> positiveIntOption(const QCommandLineParser& parser, const QString& name) {
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < 1) {
        printError(QStringLiteral("--%1 takes a whole number of at least 1, not \"%2\"")
                       .arg(name, parser.value(name)));
        return std::nullopt;
    }
    return value;
}

}  // namespace facecase::cli
