// Copyright (c) 2026, Xueji contributors
frappe.listview_settings["Roll Change"] = xueji.case_list("change_state");
