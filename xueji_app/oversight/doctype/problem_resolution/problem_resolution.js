// Copyright (c) 2026, Xueji contributors
