from customer_health_tools.cli import main

raise SystemExit(main())
