#include "support/test_data.h"

#include <QDir>
#include <QFileInfo>

namespace facecase::test {

QString testDataRoot() {
    QString root = qEnvironmentVariable("FACECASE_TESTDATA");
    if (root.isEmpty()) root = QStringLiteral(FACECASE_DEFAULT_TESTDATA);
    const QFileInfo info(root);
    return info.isDir() ? info.absoluteFilePath() : QString();
}

QString testDataPath(const QString& relative) {
    const QString root = testDataRoot();
    return root.isEmpty() ? QString() : QDir(root).filePath(relative);
}

QByteArray missingTestDataMessage() {
    return QByteArrayLiteral("shared test photos not found: set FACECASE_TESTDATA to the "
                             "testdata folder (default ../shared/testdata beside the repository)");
}

}  // namespace facecase::test
