#include "store/postgres_driver_warnings.h"

#include <QString>
#include <QtGlobal>
#include <atomic>
#include <mutex>

namespace facecase {

namespace {
std::atomic<QtMessageHandler> g_previous{nullptr};

bool isAbortedDeallocateWarning(QtMsgType type, const QString& message) {
    return type == QtWarningMsg &&
           message.startsWith(QLatin1String("Unable to free statement: ")) &&
           message.contains(QLatin1String("current transaction is aborted"));
}

void filter(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (isAbortedDeallocateWarning(type, message)) return;
    // Never null: with no handler of its own installed, Qt hands back its default handler.
    if (QtMessageHandler previous = g_previous.load()) previous(type, context, message);
}
}  // namespace

void silenceAbortedTransactionDeallocateWarnings() {
    static std::once_flag once;
    std::call_once(once, [] { g_previous.store(qInstallMessageHandler(filter)); });
}

}  // namespace facecase
