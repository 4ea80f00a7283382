namespace Firefighter.Tests.Parsing;

/// <summary>Log lines written by hand in the formats common tools print by default, each with the message a reader would call its message.</summary>
/// <remarks>
/// None of these formats is among the Loghub systems the miner was developed on. An expected message starting with
/// <see cref="Tail"/> is only checked as the end of the detected message (access logs have no agreed header: keeping a
/// field such as the client address in the message is fine, stripping any of the request is not).
/// </remarks>
public static class HeaderSamples
{
    /// <summary>Marks an expected message that only has to end the detected one.</summary>
    public const string Tail = "…";

    public static readonly Dictionary<string, (string Line, string Message)[]> All = new()
    {
        ["syslog-rfc3164"] =
        [
            ("Dec  5 10:15:32 web01 sshd[1234]: Accepted publickey for deploy from 10.0.0.5 port 52344 ssh2", "Accepted publickey for deploy from 10.0.0.5 port 52344 ssh2"),
            ("Dec  5 10:15:33 web01 systemd[1]: Started Session 42 of user deploy.", "Started Session 42 of user deploy."),
            ("Dec  5 10:15:40 web01 CRON[2201]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"),
            ("Dec  5 10:16:01 web01 kernel: e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None", "e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None"),
            ("Dec  5 10:16:05 web01 sshd[1240]: Failed password for invalid user admin from 203.0.113.9 port 40022 ssh2", "Failed password for invalid user admin from 203.0.113.9 port 40022 ssh2"),
            ("Dec  5 10:16:07 web01 sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/apt update", "deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/apt update"),
            ("Dec  5 10:16:09 web01 dhclient[877]: DHCPACK of 10.0.0.17 from 10.0.0.1", "DHCPACK of 10.0.0.17 from 10.0.0.1"),
            ("Dec  5 10:16:10 web01 sshd[1240]: Connection closed by invalid user admin 203.0.113.9 port 40022 [preauth]", "Connection closed by invalid user admin 203.0.113.9 port 40022 [preauth]"),
        ],
        ["syslog-rfc3164-wire"] =
        [
            ("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", "'su root' failed for lonvick on /dev/pts/8"),
            ("<13>Oct 11 22:14:16 mymachine logger: disk check finished in 12 seconds", "disk check finished in 12 seconds"),
            ("<30>Oct 11 22:14:17 mymachine ntpd[811]: synchronized to 192.0.2.7, stratum 2", "synchronized to 192.0.2.7, stratum 2"),
            ("<86>Oct 11 22:14:18 mymachine sshd[2001]: pam_unix(sshd:session): session opened for user alice by (uid=0)", "pam_unix(sshd:session): session opened for user alice by (uid=0)"),
            ("<38>Oct 11 22:14:19 mymachine sshd[2001]: Received disconnect from 198.51.100.4 port 50022:11: disconnected by user", "Received disconnect from 198.51.100.4 port 50022:11: disconnected by user"),
            ("<30>Oct 11 22:14:20 mymachine ntpd[811]: kernel reports TIME_ERROR: 0x41: Clock Unsynchronized", "kernel reports TIME_ERROR: 0x41: Clock Unsynchronized"),
        ],
        ["syslog-rfc5424"] =
        [
            ("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8", "'su root' failed for lonvick on /dev/pts/8"),
            ("<165>1 2003-10-11T22:14:15.103Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] An application event log entry", "An application event log entry"),
            ("<165>1 2003-10-11T22:14:16.003Z mymachine.example.com myproc 8710 - - It's time to make the do-nothing.", "It's time to make the do-nothing."),
            ("<14>1 2003-10-11T22:14:17.503Z mymachine.example.com app 8710 - - request served in 12 ms", "request served in 12 ms"),
            ("<11>1 2003-10-11T22:14:18.000Z mymachine.example.com app 8710 - - database connection lost, retrying", "database connection lost, retrying"),
            ("<14>1 2003-10-11T22:14:19.250Z mymachine.example.com app 8711 - - request served in 7 ms", "request served in 7 ms"),
        ],
        ["klog"] =
        [
            ("I1205 10:15:32.123456       1 controller.go:123] Starting controller", "Starting controller"),
            ("I1205 10:15:32.223456       1 shared_informer.go:313] Waiting for caches to sync for endpoint", "Waiting for caches to sync for endpoint"),
            ("W1205 10:15:33.001122       1 reflector.go:539] k8s.io/client-go/informers/factory.go:159: failed to list *v1.Pod: connection refused", "k8s.io/client-go/informers/factory.go:159: failed to list *v1.Pod: connection refused"),
            ("E1205 10:15:34.998877       1 leaderelection.go:332] error retrieving resource lock kube-system/kube-controller-manager: dial tcp 10.96.0.1:443: connect: connection refused", "error retrieving resource lock kube-system/kube-controller-manager: dial tcp 10.96.0.1:443: connect: connection refused"),
            ("I1205 10:15:35.000001       1 event.go:307] \"Event occurred\" object=\"default/web-7d4b9c\" kind=\"Pod\" reason=\"Scheduled\"", "\"Event occurred\" object=\"default/web-7d4b9c\" kind=\"Pod\" reason=\"Scheduled\""),
            ("I1205 10:15:36.100000      12 node_lifecycle_controller.go:1026] Controller detected that all Nodes are not-Ready", "Controller detected that all Nodes are not-Ready"),
        ],
        ["spring-boot-logback"] =
        [
            ("2024-12-05T10:15:32.123+00:00  INFO 12345 --- [           main] com.example.demo.DemoApplication         : Starting DemoApplication using Java 21.0.2 with PID 12345", "Starting DemoApplication using Java 21.0.2 with PID 12345"),
            ("2024-12-05T10:15:33.456+00:00  INFO 12345 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)", "Tomcat initialized with port 8080 (http)"),
            ("2024-12-05T10:15:34.001+00:00  WARN 12345 --- [           main] o.h.engine.jdbc.spi.SqlExceptionHelper   : SQL Error: 0, SQLState: 08001", "SQL Error: 0, SQLState: 08001"),
            ("2024-12-05T10:15:34.002+00:00 ERROR 12345 --- [           main] o.h.engine.jdbc.spi.SqlExceptionHelper   : Connection to localhost:5432 refused.", "Connection to localhost:5432 refused."),
            ("2024-12-05T10:15:35.777+00:00  INFO 12345 --- [nio-8080-exec-1] o.a.c.c.C.[Tomcat].[localhost].[/]       : Initializing Spring DispatcherServlet 'dispatcherServlet'", "Initializing Spring DispatcherServlet 'dispatcherServlet'"),
            ("2024-12-05T10:15:35.900+00:00  INFO 12345 --- [           main] com.example.demo.DemoApplication         : Started DemoApplication in 3.9 seconds (process running for 4.3)", "Started DemoApplication in 3.9 seconds (process running for 4.3)"),
        ],
        ["logback-default"] =
        [
            ("10:15:32.123 [main] INFO  com.example.App - Application started", "Application started"),
            ("10:15:32.456 [main] DEBUG com.example.db.Pool - Pool warmed up with 10 connections", "Pool warmed up with 10 connections"),
            ("10:15:33.001 [worker-1] WARN  com.example.jobs.Scheduler - Job nightly-report is late by 5 minutes", "Job nightly-report is late by 5 minutes"),
            ("10:15:34.500 [worker-2] ERROR com.example.jobs.Scheduler - Job cleanup failed: timeout after 30s", "Job cleanup failed: timeout after 30s"),
            ("10:15:35.000 [main] INFO  com.example.App - Listening on port 8080", "Listening on port 8080"),
            ("10:15:36.000 [worker-1] INFO  com.example.jobs.Scheduler - Job nightly-report finished", "Job nightly-report finished"),
        ],
        ["log4j-pattern"] =
        [
            ("2024-12-05 10:15:32,123 [main] INFO  com.example.App - Application started", "Application started"),
            ("2024-12-05 10:15:32,456 [main] DEBUG com.example.db.Pool - Pool warmed up with 10 connections", "Pool warmed up with 10 connections"),
            ("2024-12-05 10:15:33,001 [pool-1-thread-3] WARN  com.example.jobs.Scheduler - Job nightly-report is late", "Job nightly-report is late"),
            ("2024-12-05 10:15:34,500 [pool-1-thread-3] ERROR com.example.jobs.Scheduler - Job cleanup failed: disk full", "Job cleanup failed: disk full"),
            ("2024-12-05 10:15:35,000 [main] INFO  com.example.App - Listening on port 8080", "Listening on port 8080"),
            ("2024-12-05 10:15:36,000 [main] INFO  com.example.App - Shutting down", "Shutting down"),
        ],
        ["dotnet-console-single-line"] =
        [
            ("info: Microsoft.Hosting.Lifetime[14] Now listening on: http://localhost:5000", "Now listening on: http://localhost:5000"),
            ("info: Microsoft.Hosting.Lifetime[0] Application started. Press Ctrl+C to shut down.", "Application started. Press Ctrl+C to shut down."),
            ("info: Microsoft.Hosting.Lifetime[0] Hosting environment: Production", "Hosting environment: Production"),
            ("warn: Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware[3] Failed to determine the https port for redirect.", "Failed to determine the https port for redirect."),
            ("fail: Microsoft.EntityFrameworkCore.Database.Connection[20004] An error occurred using the connection to database 'shop' on server 'db'.", "An error occurred using the connection to database 'shop' on server 'db'."),
            ("info: Shop.Api.OrdersController[0] Order 1234 created for customer 42", "Order 1234 created for customer 42"),
        ],
        ["go-log"] =
        [
            ("2024/12/05 10:15:32 server listening on :8080", "server listening on :8080"),
            ("2024/12/05 10:15:33 connected to database at db:5432", "connected to database at db:5432"),
            ("2024/12/05 10:15:34 GET /healthz 200 1.2ms", "GET /healthz 200 1.2ms"),
            ("2024/12/05 10:15:35 http: TLS handshake error from 10.0.0.9:53122: EOF", "http: TLS handshake error from 10.0.0.9:53122: EOF"),
            ("2024/12/05 10:15:36 GET /api/items 500 12.9ms", "GET /api/items 500 12.9ms"),
            ("2024/12/05 10:15:37 shutting down", "shutting down"),
        ],
        ["go-zap-console"] =
        [
            ("2024-12-05T10:15:32.123Z\tINFO\tserver/main.go:42\tserver listening\t{\"addr\": \":8080\"}", "server listening\t{\"addr\": \":8080\"}"),
            ("2024-12-05T10:15:33.456Z\tDEBUG\tstore/db.go:88\tquery done\t{\"rows\": 12, \"took\": \"3ms\"}", "query done\t{\"rows\": 12, \"took\": \"3ms\"}"),
            ("2024-12-05T10:15:34.001Z\tWARN\tserver/handler.go:120\tslow request\t{\"path\": \"/api/items\", \"took\": \"2.1s\"}", "slow request\t{\"path\": \"/api/items\", \"took\": \"2.1s\"}"),
            ("2024-12-05T10:15:35.000Z\tERROR\tstore/db.go:91\tquery failed\t{\"error\": \"connection reset by peer\"}", "query failed\t{\"error\": \"connection reset by peer\"}"),
            ("2024-12-05T10:15:36.000Z\tINFO\tserver/main.go:57\tshutting down", "shutting down"),
            ("2024-12-05T10:15:37.000Z\tINFO\tserver/main.go:42\tserver listening\t{\"addr\": \":9090\"}", "server listening\t{\"addr\": \":9090\"}"),
        ],
        ["go-zap-json"] =
        [
            ("{\"level\":\"info\",\"ts\":1733393732.123456,\"caller\":\"server/main.go:42\",\"msg\":\"server listening\",\"addr\":\":8080\"}", "server listening"),
            ("{\"level\":\"warn\",\"ts\":1733393733.5,\"caller\":\"server/handler.go:120\",\"msg\":\"slow request\",\"path\":\"/api/items\"}", "slow request"),
            ("{\"level\":\"error\",\"ts\":1733393734.25,\"caller\":\"store/db.go:91\",\"msg\":\"query failed\",\"error\":\"connection reset by peer\"}", "query failed"),
            ("{\"level\":\"info\",\"ts\":1733393735.0,\"caller\":\"server/main.go:57\",\"msg\":\"shutting down\"}", "shutting down"),
            ("{\"level\":\"info\",\"ts\":1733393736.0,\"caller\":\"server/main.go:42\",\"msg\":\"server listening\",\"addr\":\":9090\"}", "server listening"),
        ],
        ["go-logrus"] =
        [
            ("time=\"2024-12-05T10:15:32Z\" level=info msg=\"server listening\" addr=\":8080\"", "server listening"),
            ("time=\"2024-12-05T10:15:33Z\" level=warning msg=\"slow request\" path=/api/items took=2.1s", "slow request"),
            ("time=\"2024-12-05T10:15:34Z\" level=error msg=\"query failed\" error=\"connection reset by peer\"", "query failed"),
            ("time=\"2024-12-05T10:15:35Z\" level=info msg=\"shutting down\"", "shutting down"),
            ("time=\"2024-12-05T10:15:36Z\" level=info msg=\"server listening\" addr=\":9090\"", "server listening"),
        ],
        ["python-logging-default"] =
        [
            ("INFO:root:Starting worker 3", "Starting worker 3"),
            ("WARNING:urllib3.connectionpool:Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError': /api", "Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError': /api"),
            ("ERROR:app.tasks:Task 42 failed: division by zero", "Task 42 failed: division by zero"),
            ("INFO:root:Starting worker 4", "Starting worker 4"),
            ("DEBUG:app.db:Opened connection to postgres://db:5432/shop", "Opened connection to postgres://db:5432/shop"),
            ("CRITICAL:app.main:Out of memory, exiting", "Out of memory, exiting"),
        ],
        ["python-logging-asctime"] =
        [
            ("2024-12-05 10:15:32,123 - app.main - INFO - Starting worker 3", "Starting worker 3"),
            ("2024-12-05 10:15:32,456 - app.db - DEBUG - Opened connection to db:5432", "Opened connection to db:5432"),
            ("2024-12-05 10:15:33,001 - app.tasks - WARNING - Task 41 took 12.5 s", "Task 41 took 12.5 s"),
            ("2024-12-05 10:15:34,500 - app.tasks - ERROR - Task 42 failed: division by zero", "Task 42 failed: division by zero"),
            ("2024-12-05 10:15:35,000 - app.main - INFO - Starting worker 4", "Starting worker 4"),
            ("2024-12-05 10:15:36,000 - app.main - INFO - Shutting down", "Shutting down"),
        ],
        ["node-pino"] =
        [
            ("{\"level\":30,\"time\":1733393732123,\"pid\":4242,\"hostname\":\"web01\",\"msg\":\"server listening\"}", "server listening"),
            ("{\"level\":40,\"time\":1733393733456,\"pid\":4242,\"hostname\":\"web01\",\"msg\":\"slow request\"}", "slow request"),
            ("{\"level\":50,\"time\":1733393734001,\"pid\":4242,\"hostname\":\"web01\",\"err\":{\"type\":\"Error\",\"message\":\"ECONNREFUSED\"},\"msg\":\"query failed\"}", "query failed"),
            ("{\"level\":30,\"time\":1733393735000,\"pid\":4242,\"hostname\":\"web01\",\"msg\":\"shutting down\"}", "shutting down"),
            ("{\"level\":30,\"time\":1733393736000,\"pid\":4243,\"hostname\":\"web01\",\"msg\":\"server listening\"}", "server listening"),
        ],
        ["node-winston"] =
        [
            ("{\"level\":\"info\",\"message\":\"server listening on 3000\",\"service\":\"user-service\"}", "server listening on 3000"),
            ("{\"level\":\"warn\",\"message\":\"cache miss for user 42\",\"service\":\"user-service\"}", "cache miss for user 42"),
            ("{\"level\":\"error\",\"message\":\"connect ECONNREFUSED 127.0.0.1:6379\",\"service\":\"user-service\"}", "connect ECONNREFUSED 127.0.0.1:6379"),
            ("{\"level\":\"info\",\"message\":\"server listening on 3001\",\"service\":\"user-service\"}", "server listening on 3001"),
            ("{\"level\":\"info\",\"message\":\"shutting down\",\"service\":\"user-service\"}", "shutting down"),
        ],
        ["ruby-logger-rails"] =
        [
            ("I, [2024-12-05T10:15:32.123456 #12345]  INFO -- : [a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809] Started GET \"/users\" for 127.0.0.1 at 2024-12-05 10:15:32 +0000", "[a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809] Started GET \"/users\" for 127.0.0.1 at 2024-12-05 10:15:32 +0000"),
            ("I, [2024-12-05T10:15:32.125000 #12345]  INFO -- : [a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809] Processing by UsersController#index as HTML", "[a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809] Processing by UsersController#index as HTML"),
            ("D, [2024-12-05T10:15:32.126000 #12345] DEBUG -- : [a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809]   User Load (0.4ms)  SELECT \"users\".* FROM \"users\"", "[a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809]   User Load (0.4ms)  SELECT \"users\".* FROM \"users\""),
            ("I, [2024-12-05T10:15:32.140000 #12345]  INFO -- : [a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809] Completed 200 OK in 17ms (Views: 10.2ms | ActiveRecord: 0.4ms)", "[a1b2c3d4-5e6f-7081-92a3-b4c5d6e7f809] Completed 200 OK in 17ms (Views: 10.2ms | ActiveRecord: 0.4ms)"),
            ("E, [2024-12-05T10:15:33.000000 #12345] ERROR -- : [b2c3d4e5-6f70-8192-a3b4-c5d6e7f8091a] ActiveRecord::ConnectionNotEstablished (connection to server failed)", "[b2c3d4e5-6f70-8192-a3b4-c5d6e7f8091a] ActiveRecord::ConnectionNotEstablished (connection to server failed)"),
            ("W, [2024-12-05T10:15:34.000000 #12346]  WARN -- sidekiq: Job 77 retried 3 times", "Job 77 retried 3 times"),
        ],
        ["nginx-access"] =
        [
            ("203.0.113.5 - - [05/Dec/2024:10:15:32 +0000] \"GET /api/users HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"", Tail + "\"GET /api/users HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\""),
            ("198.51.100.7 - alice [05/Dec/2024:10:15:33 +0000] \"POST /api/orders HTTP/1.1\" 201 88 \"https://shop.example.com/cart\" \"Mozilla/5.0 (X11; Linux x86_64)\"", Tail + "\"POST /api/orders HTTP/1.1\" 201 88 \"https://shop.example.com/cart\" \"Mozilla/5.0 (X11; Linux x86_64)\""),
            ("203.0.113.5 - - [05/Dec/2024:10:15:34 +0000] \"GET /favicon.ico HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"", Tail + "\"GET /favicon.ico HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\""),
            ("192.0.2.44 - - [05/Dec/2024:10:15:35 +0000] \"GET /api/items?page=2 HTTP/2.0\" 502 166 \"-\" \"okhttp/4.12.0\"", Tail + "\"GET /api/items?page=2 HTTP/2.0\" 502 166 \"-\" \"okhttp/4.12.0\""),
            ("203.0.113.5 - - [05/Dec/2024:10:15:36 +0000] \"GET /api/users HTTP/1.1\" 200 498 \"-\" \"curl/8.5.0\"", Tail + "\"GET /api/users HTTP/1.1\" 200 498 \"-\" \"curl/8.5.0\""),
        ],
        ["nginx-error"] =
        [
            ("2024/12/05 10:15:32 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.5, server: api.example.com, request: \"GET /api HTTP/1.1\", upstream: \"http://127.0.0.1:8080/api\", host: \"api.example.com\"", "*5 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.5, server: api.example.com, request: \"GET /api HTTP/1.1\", upstream: \"http://127.0.0.1:8080/api\", host: \"api.example.com\""),
            ("2024/12/05 10:15:33 [warn] 1234#1234: *7 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream", "*7 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream"),
            ("2024/12/05 10:15:34 [notice] 1#1: signal process started", "signal process started"),
            ("2024/12/05 10:15:35 [error] 1235#1235: *9 upstream timed out (110: Connection timed out) while reading response header from upstream", "*9 upstream timed out (110: Connection timed out) while reading response header from upstream"),
            ("2024/12/05 10:15:36 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)", "bind() to 0.0.0.0:80 failed (98: Address already in use)"),
        ],
        ["envoy-access"] =
        [
            ("[2024-12-05T10:15:32.123Z] \"GET /api/users HTTP/1.1\" 200 - 0 512 12 10 \"-\" \"curl/8.5.0\" \"5f1c2a7e-0d3b-4c1f-9b7a-2f6e8d9c0a1b\" \"api.example.com\" \"10.0.0.12:8080\"", Tail + "\"GET /api/users HTTP/1.1\" 200 - 0 512 12 10 \"-\" \"curl/8.5.0\" \"5f1c2a7e-0d3b-4c1f-9b7a-2f6e8d9c0a1b\" \"api.example.com\" \"10.0.0.12:8080\""),
            ("[2024-12-05T10:15:33.456Z] \"POST /api/orders HTTP/2\" 503 UF 88 91 30 - \"-\" \"okhttp/4.12.0\" \"0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9\" \"api.example.com\" \"10.0.0.13:8080\"", Tail + "\"POST /api/orders HTTP/2\" 503 UF 88 91 30 - \"-\" \"okhttp/4.12.0\" \"0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9\" \"api.example.com\" \"10.0.0.13:8080\""),
            ("[2024-12-05T10:15:34.001Z] \"GET /healthz HTTP/1.1\" 200 - 0 2 1 1 \"-\" \"kube-probe/1.29\" \"11111111-2222-3333-4444-555555555555\" \"10.0.0.12:15021\" \"-\"", Tail + "\"GET /healthz HTTP/1.1\" 200 - 0 2 1 1 \"-\" \"kube-probe/1.29\" \"11111111-2222-3333-4444-555555555555\" \"10.0.0.12:15021\" \"-\""),
            ("[2024-12-05T10:15:35.000Z] \"GET /api/users HTTP/1.1\" 200 - 0 498 9 8 \"-\" \"curl/8.5.0\" \"66666666-7777-8888-9999-000000000000\" \"api.example.com\" \"10.0.0.12:8080\"", Tail + "\"GET /api/users HTTP/1.1\" 200 - 0 498 9 8 \"-\" \"curl/8.5.0\" \"66666666-7777-8888-9999-000000000000\" \"api.example.com\" \"10.0.0.12:8080\""),
            ("[2024-12-05T10:15:36.000Z] \"GET /api/items HTTP/1.1\" 504 UT 0 24 15000 - \"-\" \"curl/8.5.0\" \"abababab-cdcd-efef-0101-232323232323\" \"api.example.com\" \"10.0.0.14:8080\"", Tail + "\"GET /api/items HTTP/1.1\" 504 UT 0 24 15000 - \"-\" \"curl/8.5.0\" \"abababab-cdcd-efef-0101-232323232323\" \"api.example.com\" \"10.0.0.14:8080\""),
        ],
        ["envoy-application"] =
        [
            ("[2024-12-05 10:15:32.123][1][info][main] [source/server/server.cc:932] starting main dispatch loop", "starting main dispatch loop"),
            ("[2024-12-05 10:15:32.200][1][info][upstream] [source/common/upstream/cluster_manager_impl.cc:222] cm init: all clusters initialized", "cm init: all clusters initialized"),
            ("[2024-12-05 10:15:33.000][14][warning][config] [source/common/config/grpc_stream.h:163] StreamAggregatedResources gRPC config stream closed: 14, upstream connect error", "StreamAggregatedResources gRPC config stream closed: 14, upstream connect error"),
            ("[2024-12-05 10:15:34.500][1][info][main] [source/server/server.cc:964] all clusters initialized. initializing init manager", "all clusters initialized. initializing init manager"),
            ("[2024-12-05 10:15:35.000][15][error][upstream] [source/common/upstream/health_checker_impl.cc:345] health check failed for 10.0.0.12:8080", "health check failed for 10.0.0.12:8080"),
        ],
        ["haproxy-http"] =
        [
            ("Dec  5 10:15:32 lb01 haproxy[2345]: 203.0.113.5:51234 [05/Dec/2024:10:15:32.123] http-in app/srv1 0/0/1/12/13 200 512 - - ---- 1/1/0/0/0 0/0 \"GET /api/users HTTP/1.1\"", "203.0.113.5:51234 [05/Dec/2024:10:15:32.123] http-in app/srv1 0/0/1/12/13 200 512 - - ---- 1/1/0/0/0 0/0 \"GET /api/users HTTP/1.1\""),
            ("Dec  5 10:15:33 lb01 haproxy[2345]: 198.51.100.7:40112 [05/Dec/2024:10:15:33.456] http-in app/srv2 0/0/0/30/30 201 88 - - ---- 2/2/0/0/0 0/0 \"POST /api/orders HTTP/1.1\"", "198.51.100.7:40112 [05/Dec/2024:10:15:33.456] http-in app/srv2 0/0/0/30/30 201 88 - - ---- 2/2/0/0/0 0/0 \"POST /api/orders HTTP/1.1\""),
            ("Dec  5 10:15:34 lb01 haproxy[2345]: Server app/srv2 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 1 active and 0 backup servers left.", "Server app/srv2 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 1 active and 0 backup servers left."),
            ("Dec  5 10:15:35 lb01 haproxy[2345]: 203.0.113.5:51240 [05/Dec/2024:10:15:35.000] http-in app/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 \"GET /api/users HTTP/1.1\"", "203.0.113.5:51240 [05/Dec/2024:10:15:35.000] http-in app/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 \"GET /api/users HTTP/1.1\""),
            ("Dec  5 10:15:36 lb01 haproxy[2345]: 192.0.2.44:33000 [05/Dec/2024:10:15:36.000] http-in app/srv1 0/0/1/9/10 200 498 - - ---- 1/1/0/0/0 0/0 \"GET /api/users HTTP/1.1\"", "192.0.2.44:33000 [05/Dec/2024:10:15:36.000] http-in app/srv1 0/0/1/9/10 200 498 - - ---- 1/1/0/0/0 0/0 \"GET /api/users HTTP/1.1\""),
        ],
        ["postgresql"] =
        [
            ("2024-12-05 10:15:32.123 UTC [12345] LOG:  database system is ready to accept connections", "database system is ready to accept connections"),
            ("2024-12-05 10:15:33.456 UTC [12350] ERROR:  relation \"users\" does not exist at character 15", "relation \"users\" does not exist at character 15"),
            ("2024-12-05 10:15:33.456 UTC [12350] STATEMENT:  SELECT * FROM users;", "SELECT * FROM users;"),
            ("2024-12-05 10:15:40.000 UTC [12360] FATAL:  password authentication failed for user \"app\"", "password authentication failed for user \"app\""),
            ("2024-12-05 10:15:40.000 UTC [12360] DETAIL:  Connection matched pg_hba.conf line 99: \"host all all 0.0.0.0/0 scram-sha-256\"", "Connection matched pg_hba.conf line 99: \"host all all 0.0.0.0/0 scram-sha-256\""),
            ("2024-12-05 10:16:00.000 UTC [12346] LOG:  checkpoint starting: time", "checkpoint starting: time"),
            ("2024-12-05 10:16:05.000 UTC [12346] LOG:  checkpoint complete: wrote 44 buffers (0.3%); 0 WAL file(s) added, 0 removed, 0 recycled", "checkpoint complete: wrote 44 buffers (0.3%); 0 WAL file(s) added, 0 removed, 0 recycled"),
        ],
        ["mysql"] =
        [
            ("2024-12-05T10:15:32.123456Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.36) starting as process 1", "/usr/sbin/mysqld (mysqld 8.0.36) starting as process 1"),
            ("2024-12-05T10:15:33.000000Z 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.", "InnoDB initialization has started."),
            ("2024-12-05T10:15:34.000000Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.", "CA certificate ca.pem is self signed."),
            ("2024-12-05T10:15:35.000000Z 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060", "X Plugin ready for connections. Bind-address: '::' port: 33060"),
            ("2024-12-05T10:15:36.000000Z 12 [Warning] [MY-010055] [Server] IP address '10.0.0.9' could not be resolved: Name or service not known", "IP address '10.0.0.9' could not be resolved: Name or service not known"),
            ("2024-12-05T10:15:37.000000Z 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address already in use", "Can't start server: Bind on TCP/IP port: Address already in use"),
        ],
        ["kafka"] =
        [
            ("[2024-12-05 10:15:32,123] INFO [KafkaServer id=1] started (kafka.server.KafkaServer)", "[KafkaServer id=1] started (kafka.server.KafkaServer)"),
            ("[2024-12-05 10:15:33,456] WARN [ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Error in response for fetch request (kafka.server.ReplicaFetcherThread)", "[ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Error in response for fetch request (kafka.server.ReplicaFetcherThread)"),
            ("[2024-12-05 10:15:34,001] INFO Registered broker 1 at path /brokers/ids/1 with addresses: PLAINTEXT://kafka-1:9092 (kafka.zk.KafkaZkClient)", "Registered broker 1 at path /brokers/ids/1 with addresses: PLAINTEXT://kafka-1:9092 (kafka.zk.KafkaZkClient)"),
            ("[2024-12-05 10:15:35,000] ERROR [Controller id=1] Error while electing leader for partition orders-0 (kafka.controller.KafkaController)", "[Controller id=1] Error while electing leader for partition orders-0 (kafka.controller.KafkaController)"),
            ("[2024-12-05 10:15:36,000] INFO [GroupCoordinator 1]: Preparing to rebalance group billing in state PreparingRebalance (kafka.coordinator.group.GroupCoordinator)", "[GroupCoordinator 1]: Preparing to rebalance group billing in state PreparingRebalance (kafka.coordinator.group.GroupCoordinator)"),
            ("[2024-12-05 10:15:37,000] INFO Kafka version: 3.7.0 (org.apache.kafka.common.utils.AppInfoParser)", "Kafka version: 3.7.0 (org.apache.kafka.common.utils.AppInfoParser)"),
        ],
        ["redis"] =
        [
            ("1:C 05 Dec 2024 10:15:32.100 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
            ("1:C 05 Dec 2024 10:15:32.101 # Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started", "Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started"),
            ("1:M 05 Dec 2024 10:15:32.105 * monotonic clock: POSIX clock_gettime", "monotonic clock: POSIX clock_gettime"),
            ("1:M 05 Dec 2024 10:15:32.106 * Running mode=standalone, port=6379.", "Running mode=standalone, port=6379."),
            ("1:M 05 Dec 2024 10:15:32.110 # WARNING Memory overcommit must be enabled!", "WARNING Memory overcommit must be enabled!"),
            ("1:M 05 Dec 2024 10:15:32.123 * Ready to accept connections tcp", "Ready to accept connections tcp"),
            ("1:M 05 Dec 2024 10:20:33.000 * 100 changes in 300 seconds. Saving...", "100 changes in 300 seconds. Saving..."),
        ],
        ["elasticsearch"] =
        [
            ("[2024-12-05T10:15:32,123][INFO ][o.e.n.Node               ] [node-1] version[8.12.0], pid[1], build[docker/1665f70], OS[Linux/6.1.0/amd64]", "version[8.12.0], pid[1], build[docker/1665f70], OS[Linux/6.1.0/amd64]"),
            ("[2024-12-05T10:15:33,456][INFO ][o.e.p.PluginsService     ] [node-1] loaded module [repository-s3]", "loaded module [repository-s3]"),
            ("[2024-12-05T10:15:34,001][WARN ][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark [90%] exceeded on [abc][node-1][/usr/share/elasticsearch/data] free: 4.2gb[8.5%]", "high disk watermark [90%] exceeded on [abc][node-1][/usr/share/elasticsearch/data] free: 4.2gb[8.5%]"),
            ("[2024-12-05T10:15:35,000][INFO ][o.e.n.Node               ] [node-1] started {node-1}{abc}{127.0.0.1}{127.0.0.1:9300}", "started {node-1}{abc}{127.0.0.1}{127.0.0.1:9300}"),
            ("[2024-12-05T10:15:36,000][ERROR][o.e.b.Elasticsearch      ] [node-1] fatal exception while booting Elasticsearch", "fatal exception while booting Elasticsearch"),
            ("[2024-12-05T10:15:37,000][INFO ][o.e.c.m.MetadataCreateIndexService] [node-1] [orders] creating index, cause [api], templates [], shards [1]/[1]", "[orders] creating index, cause [api], templates [], shards [1]/[1]"),
        ],
        ["journald-json"] =
        [
            ("{\"__REALTIME_TIMESTAMP\":\"1733393732123456\",\"_HOSTNAME\":\"web01\",\"SYSLOG_IDENTIFIER\":\"nginx\",\"_PID\":\"1234\",\"PRIORITY\":\"6\",\"MESSAGE\":\"Started A high performance web server.\"}", "Started A high performance web server."),
            ("{\"__REALTIME_TIMESTAMP\":\"1733393733000000\",\"_HOSTNAME\":\"web01\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"PRIORITY\":\"4\",\"MESSAGE\":\"Out of memory: Killed process 4321 (java)\"}", "Out of memory: Killed process 4321 (java)"),
            ("{\"__REALTIME_TIMESTAMP\":\"1733393734000000\",\"_HOSTNAME\":\"web01\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"2001\",\"PRIORITY\":\"6\",\"MESSAGE\":\"Accepted publickey for deploy from 10.0.0.5 port 52344 ssh2\"}", "Accepted publickey for deploy from 10.0.0.5 port 52344 ssh2"),
            ("{\"__REALTIME_TIMESTAMP\":\"1733393735000000\",\"_HOSTNAME\":\"web01\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"1\",\"PRIORITY\":\"3\",\"MESSAGE\":\"nginx.service: Failed with result 'exit-code'.\"}", "nginx.service: Failed with result 'exit-code'."),
            ("{\"__REALTIME_TIMESTAMP\":\"1733393736000000\",\"_HOSTNAME\":\"web01\",\"SYSLOG_IDENTIFIER\":\"nginx\",\"_PID\":\"1240\",\"PRIORITY\":\"6\",\"MESSAGE\":\"Started A high performance web server.\"}", "Started A high performance web server."),
        ],
        ["journald-short-iso"] =
        [
            ("2024-12-05T10:15:32+0000 web01 systemd[1]: Starting nginx.service - A high performance web server...", "Starting nginx.service - A high performance web server..."),
            ("2024-12-05T10:15:32+0000 web01 nginx[1234]: nginx: [warn] the \"listen ... http2\" directive is deprecated", "nginx: [warn] the \"listen ... http2\" directive is deprecated"),
            ("2024-12-05T10:15:33+0000 web01 systemd[1]: Started nginx.service - A high performance web server.", "Started nginx.service - A high performance web server."),
            ("2024-12-05T10:15:40+0000 web01 kernel: Out of memory: Killed process 4321 (java) total-vm:8123456kB", "Out of memory: Killed process 4321 (java) total-vm:8123456kB"),
            ("2024-12-05T10:15:41+0000 web01 systemd[1]: app.service: Main process exited, code=killed, status=9/KILL", "app.service: Main process exited, code=killed, status=9/KILL"),
            ("2024-12-05T10:15:42+0000 web01 systemd[1]: app.service: Failed with result 'signal'.", "app.service: Failed with result 'signal'."),
        ],
        ["systemd-unit"] =
        [
            ("Dec 05 10:15:32 web01 systemd[1]: Starting app.service - Shop API...", "Starting app.service - Shop API..."),
            ("Dec 05 10:15:33 web01 app[2201]: listening on 0.0.0.0:8080", "listening on 0.0.0.0:8080"),
            ("Dec 05 10:15:33 web01 systemd[1]: Started app.service - Shop API.", "Started app.service - Shop API."),
            ("Dec 05 10:17:01 web01 app[2201]: panic: runtime error: invalid memory address or nil pointer dereference", "panic: runtime error: invalid memory address or nil pointer dereference"),
            ("Dec 05 10:17:01 web01 systemd[1]: app.service: Main process exited, code=exited, status=2/INVALIDARGUMENT", "app.service: Main process exited, code=exited, status=2/INVALIDARGUMENT"),
            ("Dec 05 10:17:01 web01 systemd[1]: app.service: Failed with result 'exit-code'.", "app.service: Failed with result 'exit-code'."),
            ("Dec 05 10:17:06 web01 systemd[1]: app.service: Scheduled restart job, restart counter is at 1.", "app.service: Scheduled restart job, restart counter is at 1."),
        ],
        ["aws-alb"] =
        [
            ("http 2024-12-05T10:15:32.123456Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2024-12-05T10:15:32.122000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"", Tail + "200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2024-12-05T10:15:32.122000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\""),
            ("https 2024-12-05T10:15:33.000001Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.40:2818 10.0.0.2:80 0.001 0.045 0.000 502 502 120 0 \"POST https://www.example.com:443/api/orders HTTP/1.1\" \"okhttp/4.12.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337263-aaaaaaaaaaaaaaaaaaaaaaaa\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 0 2024-12-05T10:15:32.950000Z \"forward\" \"-\" \"-\" \"10.0.0.2:80\" \"502\" \"-\" \"-\"", Tail + "502 502 120 0 \"POST https://www.example.com:443/api/orders HTTP/1.1\" \"okhttp/4.12.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337263-aaaaaaaaaaaaaaaaaaaaaaaa\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 0 2024-12-05T10:15:32.950000Z \"forward\" \"-\" \"-\" \"10.0.0.2:80\" \"502\" \"-\" \"-\""),
            ("http 2024-12-05T10:15:34.500000Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.41:2819 10.0.0.1:80 0.000 0.002 0.000 200 200 34 512 \"GET http://www.example.com:80/health HTTP/1.1\" \"ELB-HealthChecker/2.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337264-bbbbbbbbbbbbbbbbbbbbbbbb\" \"-\" \"-\" 0 2024-12-05T10:15:34.498000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"", Tail + "200 200 34 512 \"GET http://www.example.com:80/health HTTP/1.1\" \"ELB-HealthChecker/2.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337264-bbbbbbbbbbbbbbbbbbbbbbbb\" \"-\" \"-\" 0 2024-12-05T10:15:34.498000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\""),
            ("http 2024-12-05T10:15:35.000000Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2820 10.0.0.2:80 0.000 0.003 0.000 404 404 34 120 \"GET http://www.example.com:80/missing HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337265-cccccccccccccccccccccccc\" \"-\" \"-\" 0 2024-12-05T10:15:34.997000Z \"forward\" \"-\" \"-\" \"10.0.0.2:80\" \"404\" \"-\" \"-\"", Tail + "404 404 34 120 \"GET http://www.example.com:80/missing HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337265-cccccccccccccccccccccccc\" \"-\" \"-\" 0 2024-12-05T10:15:34.997000Z \"forward\" \"-\" \"-\" \"10.0.0.2:80\" \"404\" \"-\" \"-\""),
            ("http 2024-12-05T10:15:36.000000Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.42:2821 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337266-dddddddddddddddddddddddd\" \"-\" \"-\" 0 2024-12-05T10:15:35.999000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"", Tail + "200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337266-dddddddddddddddddddddddd\" \"-\" \"-\" 0 2024-12-05T10:15:35.999000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\""),
        ],
        ["message-words-that-repeat"] =
        [
            ("2024-12-05 10:15:32 INFO User alice logged in from 10.0.0.5", "User alice logged in from 10.0.0.5"),
            ("2024-12-05 10:15:33 INFO User bob logged in from 10.0.0.6", "User bob logged in from 10.0.0.6"),
            ("2024-12-05 10:15:34 WARN User alice failed - password expired", "User alice failed - password expired"),
            ("2024-12-05 10:15:35 INFO User carol logged out", "User carol logged out"),
            ("2024-12-05 10:15:36 ERROR User bob locked - too many attempts", "User bob locked - too many attempts"),
            ("2024-12-05 10:15:37 INFO User alice logged out", "User alice logged out"),
        ],
        ["status-after-level"] =
        [
            ("2024-12-05T10:15:32Z WARN 503 upstream unavailable: payments", "503 upstream unavailable: payments"),
            ("2024-12-05T10:15:33Z INFO 200 GET /api/users", "200 GET /api/users"),
            ("2024-12-05T10:15:34Z INFO 200 GET /api/items", "200 GET /api/items"),
            ("2024-12-05T10:15:35Z ERROR 500 POST /api/orders: [db] timeout", "500 POST /api/orders: [db] timeout"),
            ("2024-12-05T10:15:36Z INFO 201 POST /api/orders", "201 POST /api/orders"),
            ("2024-12-05T10:15:37Z INFO 200 GET /api/users", "200 GET /api/users"),
        ],
        ["gcp-lb-json"] =
        [
            ("{\"httpRequest\":{\"requestMethod\":\"GET\",\"requestUrl\":\"https://shop.example.com/api/users\",\"status\":200,\"latency\":\"0.012s\"},\"severity\":\"INFO\",\"timestamp\":\"2024-12-05T10:15:32.123Z\",\"message\":\"GET /api/users 200\"}", "GET /api/users 200"),
            ("{\"httpRequest\":{\"requestMethod\":\"POST\",\"requestUrl\":\"https://shop.example.com/api/orders\",\"status\":502,\"latency\":\"30.001s\"},\"severity\":\"WARNING\",\"timestamp\":\"2024-12-05T10:15:33.456Z\",\"message\":\"POST /api/orders 502 backend_timeout\"}", "POST /api/orders 502 backend_timeout"),
            ("{\"httpRequest\":{\"requestMethod\":\"GET\",\"requestUrl\":\"https://shop.example.com/\",\"status\":200,\"latency\":\"0.003s\"},\"severity\":\"INFO\",\"timestamp\":\"2024-12-05T10:15:34.000Z\",\"message\":\"GET / 200\"}", "GET / 200"),
            ("{\"httpRequest\":{\"requestMethod\":\"GET\",\"requestUrl\":\"https://shop.example.com/api/items\",\"status\":404,\"latency\":\"0.002s\"},\"severity\":\"INFO\",\"timestamp\":\"2024-12-05T10:15:35.000Z\",\"message\":\"GET /api/items 404\"}", "GET /api/items 404"),
            ("{\"httpRequest\":{\"requestMethod\":\"GET\",\"requestUrl\":\"https://shop.example.com/api/users\",\"status\":200,\"latency\":\"0.010s\"},\"severity\":\"INFO\",\"timestamp\":\"2024-12-05T10:15:36.000Z\",\"message\":\"GET /api/users 200\"}", "GET /api/users 200"),
        ],
    };
}
