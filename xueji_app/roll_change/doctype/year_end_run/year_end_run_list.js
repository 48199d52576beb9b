// Copyright (c) 2026, Xueji contributors
frappe.listview_settings["Year-End Run"] = xueji.case_list("run_state", false);
