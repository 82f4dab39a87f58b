#pragma once

#include <QString>

namespace facecase::test {

// Root of the shared test photos: $FACECASE_TESTDATA, else ../shared/testdata beside the repo.
// Empty when neither exists.
QString testDataRoot();

// Absolute path of `relative` under the test data root, or empty when the root is missing.
QString testDataPath(const QString& relative);

// Message for QSKIP when the test data cannot be found; names the variable to set.
QByteArray missingTestDataMessage();

}  // namespace facecase::test

// Skips the current Qt Test function (with a message naming FACECASE_TESTDATA) when the shared
// photos are not there. Never lets a test pass silently without its data.
#define FACECASE_REQUIRE_TESTDATA()                                                         \
    do {                                                                                  \
        if (facecase::test::testDataRoot().isEmpty())                                     \
            QSKIP(facecase::test::missingTestDataMessage().constData());                  \
    } while (false)
