#include "types/actor.h"

#include <pwd.h>
#include <unistd.h>

namespace facecase {

Actor Actor::operatingSystemUser() {
    for (const char* variable : {"USER", "LOGNAME", "USERNAME"}) {
        QString value = qEnvironmentVariable(variable);
        if (!value.isEmpty()) return Actor(std::move(value));
    }
    if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_name)
        return Actor(QString::fromLocal8Bit(entry->pw_name));
    return Actor(QStringLiteral("uid %1").arg(::getuid()));
}

}  // namespace facecase
